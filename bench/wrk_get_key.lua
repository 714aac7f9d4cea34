-- wrk script: GET /api/v1/keys/{id} for random ids in [FIRST, LAST], with a
-- token that has the secrets scope (so the passphrase is in every reply).
-- Usage: wrk -s bench/wrk_get_key.lua URL -- TOKEN FIRST LAST
local token, first, last

function init(args)
	token, first, last = args[1], tonumber(args[2]), tonumber(args[3])
end

function request()
	local id = math.random(first, last)
	return wrk.format("GET", "/api/v1/keys/" .. id,
		{ ["Authorization"] = "Bearer " .. token })
end

