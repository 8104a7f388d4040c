-- wrk script: POSTs a work-order submission (JSON) with a varied description, category and place.
-- The same body goes to the work-order API and to the bare insert baseline.
-- Used by bench/workorder-create.sh; the bearer token comes with wrk -H.
local categories = { "street-light", "road-damage", "garbage", "noise", "drain-blocked", "illegal-parking" }
local words = { "路灯不亮", "路面坑洼", "垃圾未清运", "夜间施工噪音", "下水道堵塞", "占道停车",
	"已持续三天", "影响老人出行", "请尽快处理", "小区东门附近", "靠近公交站", "雨后积水" }
local counter = 0

local threads = {}

function setup(thread)
	thread:set("tid", #threads + 1)
	table.insert(threads, thread)
end

function init(args)
	math.randomseed(os.time() * 1000 + (tid or 0))
	wrk.method = "POST"
	wrk.headers["Content-Type"] = "application/json"
end

function request()
	counter = counter + 1
	local n = 3 + math.random(0, 5)
	local parts = {}
	for i = 1, n do parts[i] = words[math.random(#words)] end
	local body = string.format(
		'{"categoryCode":"%s","description":"%s（热线记录 %d-%d）","territoryCode":"330102014001R001",'
			.. '"lat":%.5f,"lng":%.5f,"address":"四季青街道 %d 号","channel":"HOTLINE"}',
		categories[math.random(#categories)], table.concat(parts, "，"), tid, counter,
		30.240 + math.random() * 0.030, 120.190 + math.random() * 0.025, math.random(1, 300))
	return wrk.format(nil, nil, nil, body)
end
