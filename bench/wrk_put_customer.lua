-- wrk script: PUT updates to existing customers PREFIX-0 .. PREFIX-(N-1),
-- cycling, each with a changed name (no new keys: an idempotent upsert).
-- Usage: wrk -s bench/wrk_put_customer.lua URL -- TOKEN PREFIX N
local token, prefix, n
local i = 0

function init(args)
	token, prefix, n = args[1], args[2], tonumber(args[3])
	i = math.random(0, n - 1)
end

function request()
	i = (i + 1) % n
	local body = '{"name":"Bench ' .. i .. ' updated","plan":"bench"}'
	return wrk.format("PUT", "/api/v1/customers/" .. prefix .. "-" .. i,
		{ ["Authorization"] = "Bearer " .. token,
		  ["Content-Type"] = "application/json" }, body)
end

