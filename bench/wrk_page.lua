-- wrk script: GET one path with a session cookie (a signed-in tenant).
-- Usage: wrk -s bench/wrk_page.lua URL -- PATH COOKIE
local path, cookie

function init(args)
	path, cookie = args[1], args[2]
end

function request()
	return wrk.format("GET", path, { ["Cookie"] = cookie })
end
