/*
 * api_common.c - see api_common.h.
 */
#include "api/api_common.h"

#include <stdlib.h>

#include "api/json_in.h"
#include "api/problem.h"
#include "core/config.h"

struct actor api_actor(const struct request *rq)
{
	struct actor a = { .name = rq->actor ? rq->actor : "anonymous",
			   .source_ip = rq->remote_addr };
	return a;
}

void api_reply(struct response *rs, int status, struct json_object *o,
	       const struct fault *f)
{
	if (!o) {
		problem_fault(rs, f);
		return;
	}
	json_out(rs, status, o);
}

int api_param_id(const struct request *rq, struct response *rs, int i,
		 long long *id)
{
	const char *s = rq->params[i];
	char *end = NULL;
	long long v = s && s[0] >= '1' && s[0] <= '9' ? strtoll(s, &end, 10) : 0;
	if (v <= 0 || v > 4294967295LL || !end || *end) {
		problem(rs, 404, "not_found", NULL, "no such resource");
		return 0;
	}
	*id = v;
	return 1;
}

struct keygen api_keygen(const struct request *rq)
{
	struct keygen g = { .length = rq->cfg->passphrase_length,
			    .alphabet = rq->cfg->passphrase_alphabet };
	return g;
}
