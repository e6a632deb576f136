package demo

import (
	"rapport/ent/account"
	"rapport/ent/teammember"
	"rapport/internal/domain"
)

// The catalog is the fixed cast of the story: every name is fictional. What
// varies with the seed is the people inside each account, who meets whom and
// when; the accounts, our team and the plot points below stay put so that the
// demo script ("look at Huaxin Henan") works for any seed.

// tierStep is one point of an account's tier history.
type tierStep struct {
	daysAgo int
	tier    domain.Tier
	reason  string
}

type accountSpec struct {
	key, name, short, domain string
	parent                   string
	segment                  account.Segment
	kind                     orgKind
	industry, region         string
	// tiers[0] is the tier the account was created with, daysAgo its onboarding.
	tiers []tierStep
	// revenue and potential in CNY. Revenue is spread so that five accounts
	// hold about 80% of it, four the next 15% and the rest 5% (ABC classes).
	revenue, potential float64
	lifecycle          account.LifecycleStage
	loyalty            account.LoyaltyStage
	contacts           int
	partners           []string
	// trend is the satisfaction drift in survey points per year.
	trend float64
	// overspend makes this year's budget lower than what was spent.
	overspend bool
	// stale lets relationships at this account go cold months ago.
	stale bool
	// ownerApproves: at a small firm the president also signs the money.
	ownerApproves bool
}

const million = 1_000_000

var accountSpecs = []accountSpec{
	{key: "tongda", name: "China Tongda Telecom Group", short: "Tongda Group", domain: "tongda.example.cn",
		segment: account.SegmentTELECOM_OPERATOR, kind: kindTelecom, industry: "Telecommunications", region: "Beijing",
		tiers: []tierStep{{2900, domain.TierStrategic, "Group framework agreement signed"}}, revenue: 420 * million, potential: 600 * million,
		lifecycle: account.LifecycleStageRETAIN, loyalty: account.LoyaltyStageADVOCATE, contacts: 32,
		partners: []string{"donghai"}, trend: 0.3},
	{key: "tongda-gd", name: "Tongda Telecom Guangdong Co., Ltd.", short: "Tongda Guangdong", domain: "gd.tongda.example.cn", parent: "tongda",
		segment: account.SegmentTELECOM_OPERATOR, kind: kindTelecom, industry: "Telecommunications", region: "Guangdong",
		tiers: []tierStep{{2600, domain.TierStrategic, "Largest provincial subsidiary of a strategic group"}}, revenue: 180 * million, potential: 260 * million,
		lifecycle: account.LifecycleStageCROSS_SELL, loyalty: account.LoyaltyStageREPEAT_PURCHASE, contacts: 28, trend: 0.2, overspend: true},
	{key: "tongda-zj", name: "Tongda Telecom Zhejiang Co., Ltd.", short: "Tongda Zhejiang", domain: "zj.tongda.example.cn", parent: "tongda",
		segment: account.SegmentTELECOM_OPERATOR, kind: kindTelecom, industry: "Telecommunications", region: "Zhejiang",
		tiers: []tierStep{{1800, domain.TierPartner, "Provincial subsidiary, first cloud project"},
			{420, domain.TierStrategic, "Value evaluation: reference site for provincial cloud, high potential"}},
		revenue: 60 * million, potential: 210 * million, lifecycle: account.LifecycleStageCROSS_SELL, loyalty: account.LoyaltyStageREPEAT_PURCHASE,
		contacts: 24, trend: 1.6},
	{key: "tongda-sc", name: "Tongda Telecom Sichuan Co., Ltd.", short: "Tongda Sichuan", domain: "sc.tongda.example.cn", parent: "tongda",
		segment: account.SegmentTELECOM_OPERATOR, kind: kindTelecom, industry: "Telecommunications", region: "Sichuan",
		tiers: []tierStep{{1400, domain.TierCommercial, "Transactional buyer, incumbent competitor"}}, revenue: 18 * million, potential: 90 * million,
		lifecycle: account.LifecycleStageACQUIRE, loyalty: account.LoyaltyStageFIRST_PURCHASE, contacts: 16, trend: -0.6},
	{key: "huaxin", name: "Huaxin Mobile Communications Group", short: "Huaxin Group", domain: "huaxin.example.cn",
		segment: account.SegmentTELECOM_OPERATOR, kind: kindTelecom, industry: "Telecommunications", region: "Beijing",
		tiers: []tierStep{{3300, domain.TierStrategic, "Group framework agreement signed"}}, revenue: 360 * million, potential: 420 * million,
		lifecycle: account.LifecycleStageRETAIN, loyalty: account.LoyaltyStageADVOCATE, contacts: 30, trend: 0.1},
	{key: "huaxin-js", name: "Huaxin Mobile Jiangsu Co., Ltd.", short: "Huaxin Jiangsu", domain: "js.huaxin.example.cn", parent: "huaxin",
		segment: account.SegmentTELECOM_OPERATOR, kind: kindTelecom, industry: "Telecommunications", region: "Jiangsu",
		tiers: []tierStep{{1500, domain.TierCommercial, "Provincial subsidiary, maintenance contract"},
			{610, domain.TierPartner, "Won the IP backbone upgrade"},
			{190, domain.TierStrategic, "Value evaluation: second-largest revenue in the group, 5G private network showcase"}},
		revenue: 150 * million, potential: 200 * million, lifecycle: account.LifecycleStageCROSS_SELL, loyalty: account.LoyaltyStageREPEAT_PURCHASE,
		contacts: 26, partners: []string{"lianyun"}, trend: 0.8, overspend: true},
	{key: "huaxin-hn", name: "Huaxin Mobile Henan Co., Ltd.", short: "Huaxin Henan", domain: "ha.huaxin.example.cn", parent: "huaxin",
		segment: account.SegmentTELECOM_OPERATOR, kind: kindTelecom, industry: "Telecommunications", region: "Henan",
		tiers: []tierStep{{2200, domain.TierStrategic, "Provincial subsidiary, core network supplier"},
			{120, domain.TierPartner, "Lost the core network bid to a competitor; payback period lengthened"}},
		revenue: 30 * million, potential: 120 * million, lifecycle: account.LifecycleStageRETAIN, loyalty: account.LoyaltyStageEXPECTANT,
		contacts: 22, trend: -1.8},
	{key: "donghai", name: "Donghai Provincial Big Data Administration", short: "Donghai Big Data", domain: "bigdata.donghai.example.gov.cn",
		segment: account.SegmentGOVERNMENT, kind: kindGov, industry: "E-government", region: "Donghai",
		tiers: []tierStep{{1300, domain.TierPartner, "Government cloud pilot"},
			{300, domain.TierStrategic, "Strategic agreement on the provincial government cloud; high reference value"}},
		revenue: 45 * million, potential: 160 * million, lifecycle: account.LifecycleStageCROSS_SELL, loyalty: account.LoyaltyStageFIRST_PURCHASE,
		contacts: 20, trend: 1.2, overspend: true},
	{key: "jinhai", name: "Jinhai Commercial Bank", short: "Jinhai Bank", domain: "jinhaibank.example.cn",
		segment: account.SegmentFINANCE, kind: kindFinance, industry: "Banking", region: "Shanghai",
		tiers: []tierStep{{2400, domain.TierStrategic, "Core banking infrastructure supplier"}}, revenue: 120 * million, potential: 150 * million,
		lifecycle: account.LifecycleStageRETAIN, loyalty: account.LoyaltyStageREPEAT_PURCHASE, contacts: 26,
		partners: []string{"pingyuan"}, trend: -1.0, overspend: true},
	{key: "pingyuan", name: "Pingyuan Rural Credit Union", short: "Pingyuan RCU", domain: "pyrcu.example.cn",
		segment: account.SegmentFINANCE, kind: kindFinance, industry: "Rural banking", region: "Hebei",
		tiers: []tierStep{{1700, domain.TierCommercial, "Branch network refresh"}}, revenue: 8 * million, potential: 20 * million,
		lifecycle: account.LifecycleStageRETAIN, loyalty: account.LoyaltyStageEXPECTANT, contacts: 12, trend: -0.3, stale: true},
	{key: "guoneng", name: "Guoneng Grid Digital Technology Co., Ltd.", short: "Guoneng Digital", domain: "guoneng-digital.example.cn",
		segment: account.SegmentENERGY, kind: kindEnergy, industry: "Power grid", region: "Beijing",
		tiers: []tierStep{{2000, domain.TierStrategic, "Smart grid dispatch platform"}}, revenue: 95 * million, potential: 140 * million,
		lifecycle: account.LifecycleStageRETAIN, loyalty: account.LoyaltyStageADVOCATE, contacts: 24,
		partners: []string{"xibei"}, trend: 0.2},
	{key: "xibei", name: "Xibei New Energy Group", short: "Xibei New Energy", domain: "xbne.example.cn",
		segment: account.SegmentENERGY, kind: kindEnergy, industry: "Wind and solar power", region: "Gansu",
		tiers: []tierStep{{1200, domain.TierGeneral, "Inbound enquiry"},
			{480, domain.TierCommercial, "Wind farm IoT pilot converted into a framework agreement"}},
		revenue: 12 * million, potential: 85 * million, lifecycle: account.LifecycleStageACQUIRE, loyalty: account.LoyaltyStageFIRST_PURCHASE,
		contacts: 14, trend: 0.4},
	{key: "tianhe", name: "Tianhe Heavy Industry Co., Ltd.", short: "Tianhe Heavy", domain: "tianhe-hi.example.cn",
		segment: account.SegmentENTERPRISE, kind: kindManufacturing, industry: "Machinery manufacturing", region: "Hunan",
		tiers: []tierStep{{1900, domain.TierPartner, "Industrial internet joint lab"}}, revenue: 22 * million, potential: 70 * million,
		lifecycle: account.LifecycleStageCROSS_SELL, loyalty: account.LoyaltyStageREPEAT_PURCHASE, contacts: 18,
		partners: []string{"qianjiang"}, trend: 0.1},
	{key: "qianjiang", name: "Qianjiang Smart Manufacturing Co., Ltd.", short: "Qianjiang Smart", domain: "qjsm.example.cn",
		segment: account.SegmentENTERPRISE, kind: kindManufacturing, industry: "Electronics manufacturing", region: "Zhejiang",
		tiers: []tierStep{{240, domain.TierGeneral, "New logo from the Hangzhou industry summit"}}, revenue: 4 * million, potential: 45 * million,
		lifecycle: account.LifecycleStageACQUIRE, loyalty: account.LoyaltyStageSUSPICIOUS, contacts: 10, trend: 0.5, ownerApproves: true},
	{key: "lianyun", name: "Lianyun Port Logistics Co., Ltd.", short: "Lianyun Port", domain: "lianyunport.example.cn",
		segment: account.SegmentENTERPRISE, kind: kindManufacturing, industry: "Port logistics", region: "Jiangsu",
		tiers: []tierStep{{1600, domain.TierCommercial, "Port wireless network"},
			{210, domain.TierGeneral, "Volumes fell after the port consolidation; reassessed"}},
		revenue: 2.5 * million, potential: 6 * million, lifecycle: account.LifecycleStageLOST, loyalty: account.LoyaltyStageEXPECTANT,
		contacts: 10, trend: -0.4},
}

// memberSpec is one of our people. since/until (days ago, 0 = open) bound
// the time they worked the accounts listed.
type memberSpec struct {
	name, email string
	role        teammember.TeamRole
	accounts    []string
	since       int
	until       int
}

var teamSpecs = []memberSpec{
	{"Zhou Wenbin", "wenbin.zhou", teammember.TeamRoleSALES_LEADER, []string{"tongda", "tongda-gd", "tongda-zj", "tongda-sc", "huaxin", "huaxin-js", "huaxin-hn"}, 0, 0},
	{"Kong Lihua", "lihua.kong", teammember.TeamRoleSALES_LEADER, []string{"donghai", "jinhai", "pingyuan", "guoneng", "xibei", "tianhe", "qianjiang", "lianyun"}, 0, 0},
	{"Shen Guoqiang", "guoqiang.shen", teammember.TeamRoleEXECUTIVE_SPONSOR, []string{"tongda", "tongda-gd", "tongda-zj"}, 0, 0},
	{"Yan Peiyu", "peiyu.yan", teammember.TeamRoleEXECUTIVE_SPONSOR, []string{"huaxin", "huaxin-js", "huaxin-hn"}, 0, 0},
	{"Qin Haifeng", "haifeng.qin", teammember.TeamRoleEXECUTIVE_SPONSOR, []string{"donghai", "jinhai", "guoneng"}, 0, 0},
	{"Xu Zhiyuan", "zhiyuan.xu", teammember.TeamRoleACCOUNT_MANAGER, []string{"tongda", "tongda-sc"}, 0, 0},
	{"Tang Meiling", "meiling.tang", teammember.TeamRoleACCOUNT_MANAGER, []string{"tongda-gd", "tongda-zj"}, 0, 0},
	{"Luo Jiaming", "jiaming.luo", teammember.TeamRoleACCOUNT_MANAGER, []string{"huaxin", "huaxin-js"}, 0, 0},
	// Rotated to the overseas business 150 days ago: his Henan and Xibei
	// relationships stay on record as coverage nobody refreshes.
	{"Liang Qiyu", "qiyu.liang", teammember.TeamRoleACCOUNT_MANAGER, []string{"huaxin-hn", "xibei"}, 0, 150},
	{"Wu Haoran", "haoran.wu", teammember.TeamRoleACCOUNT_MANAGER, []string{"huaxin-hn", "xibei"}, 150, 0},
	{"Cui Yiran", "yiran.cui", teammember.TeamRoleACCOUNT_MANAGER, []string{"donghai", "guoneng"}, 0, 0},
	{"He Shuang", "shuang.he", teammember.TeamRoleACCOUNT_MANAGER, []string{"jinhai", "pingyuan"}, 0, 0},
	{"Mo Tianyu", "tianyu.mo", teammember.TeamRoleACCOUNT_MANAGER, []string{"tianhe", "qianjiang", "lianyun"}, 0, 0},
	{"Pan Xuedong", "xuedong.pan", teammember.TeamRoleSOLUTION_LEAD, []string{"tongda", "tongda-gd", "tongda-sc"}, 0, 0},
	{"Jia Ningning", "ningning.jia", teammember.TeamRoleSOLUTION_LEAD, []string{"tongda-zj", "huaxin", "huaxin-hn"}, 0, 0},
	// Left the company 100 days ago; she was the Jinhai CIO's closest contact.
	{"Fang Jie", "jie.fang", teammember.TeamRoleSOLUTION_LEAD, []string{"jinhai", "tianhe"}, 0, 100},
	{"Dai Kexin", "kexin.dai", teammember.TeamRoleSOLUTION_LEAD, []string{"jinhai", "tianhe", "qianjiang"}, 100, 0},
	{"Wei Chengzhi", "chengzhi.wei", teammember.TeamRoleSOLUTION_LEAD, []string{"huaxin-js", "donghai", "guoneng", "xibei"}, 0, 0},
	{"Lu Xiaofeng", "xiaofeng.lu", teammember.TeamRoleDELIVERY_LEAD, []string{"tongda", "tongda-gd", "tongda-zj", "tongda-sc"}, 0, 0},
	{"Gu Yuqing", "yuqing.gu", teammember.TeamRoleDELIVERY_LEAD, []string{"huaxin", "huaxin-js", "huaxin-hn"}, 0, 0},
	{"Tan Wenjing", "wenjing.tan", teammember.TeamRoleDELIVERY_LEAD, []string{"donghai", "jinhai", "guoneng", "xibei", "tianhe"}, 0, 0},
	{"Bai Ruoxi", "ruoxi.bai", teammember.TeamRoleSERVICE_MANAGER, []string{"tongda", "tongda-gd", "tongda-zj", "tongda-sc"}, 0, 0},
	{"Yu Haoyang", "haoyang.yu", teammember.TeamRoleSERVICE_MANAGER, []string{"huaxin", "huaxin-js", "huaxin-hn", "donghai"}, 0, 0},
	{"Ding Mengyao", "mengyao.ding", teammember.TeamRoleSERVICE_MANAGER, []string{"jinhai", "pingyuan", "guoneng", "xibei", "tianhe", "qianjiang", "lianyun"}, 0, 0},
}

const ourDomain = "rapport.example"

// Pinyin-style name parts for the customers' people. Names are drawn from
// these and kept unique across the data set, so a name identifies a person.
var surnames = []string{
	"Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Ma", "Zhu", "Hu",
	"Guo", "He", "Gao", "Lin", "Luo", "Zheng", "Liang", "Xie", "Song", "Tang", "Han", "Feng", "Deng", "Cao", "Peng",
	"Zeng", "Xiao", "Tian", "Dong", "Pan", "Yuan", "Cai", "Jiang", "Yu", "Du", "Ye", "Cheng", "Wei", "Su", "Lu",
	"Ding", "Ren", "Shen", "Yao", "Kang", "Jin", "Qian", "Fu", "Zou", "Meng", "Xiong", "Qiu", "Hou", "Shi", "Long",
}

var givenParts = []string{
	"wei", "jun", "hao", "ming", "lei", "jie", "tao", "yan", "jing", "li", "xin", "yu", "hui", "fang", "ping",
	"hong", "qiang", "bo", "chao", "lin", "na", "min", "xia", "yong", "gang", "feng", "bin", "hua", "kai", "rui",
	"zhi", "wen", "jian", "guo", "dong", "tian", "yi", "xiao", "chen", "peng", "shu", "qing", "yun", "lan", "song",
}

// competitors are the rival vendors that show up in opportunities.
var competitors = []string{"Zhonghang Networks", "Xinghe Cloud", "Beidou Systems", "Kunlun Data", "Orient Software", "Changjiang Digital"}

// topics are deal and conversation subjects per kind of organisation.
var topics = map[orgKind][]string{
	kindTelecom: {"5G Core Network Expansion", "Provincial Cloud Resource Pool", "BSS Billing Modernization", "IP Backbone Upgrade",
		"5G Private Network for Industry", "OSS Intelligent Operations", "Data Center Energy Saving", "Optical Transport Network Refresh"},
	kindGov: {"Government Cloud Platform Phase II", "Data Sharing and Exchange Platform", "City Operations Center",
		"Cybersecurity Situational Awareness", "One-Stop Online Services Portal"},
	kindFinance: {"Core Banking Distributed Migration", "Disaster Recovery Data Center", "Branch Network SD-WAN",
		"Real-Time Risk Control Platform", "Private Cloud for Mobile Banking"},
	kindEnergy: {"Smart Grid Dispatch Cloud", "Substation IoT Monitoring", "New Energy Forecasting Platform",
		"Wind Farm Private 5G", "Power Trading Data Platform"},
	kindManufacturing: {"Factory 5G Private Network", "Industrial Internet Platform", "MES Cloud Migration",
		"Machine Vision Quality Inspection", "Smart Warehouse IoT"},
}

var outcomes = []string{
	"Agreed next steps and owners; follow-up in two weeks.",
	"Customer asked for a revised quote with a phased rollout.",
	"Raised concerns about the delivery timeline; we owe a recovery plan.",
	"Positive feedback; we are invited to the upcoming tender.",
	"Technical questions answered; the evaluation team wants a proof of concept.",
	"Introduced our new solution lead; relationship handed over.",
	"Customer shared budget constraints for next year.",
	"Competitor pitch mentioned; we need a stronger reference case.",
	"Signed the meeting minutes; decisions recorded.",
	"Escalation acknowledged; service manager to report back within 48 hours.",
}

var complaintSummaries = []string{
	"Billing discrepancy on the %s invoice",
	"Repeated outage affecting %s",
	"Slow response from on-site support during %s cutover",
	"Delayed delivery of %s phase one",
	"Spare parts shortage for %s equipment",
	"Engineer missed the scheduled maintenance window for %s",
	"Documentation for %s incomplete at acceptance",
}

var assessmentNotes = []string{
	"Re-assessed after the technical exchange.",
	"Updated at the quarterly account review.",
	"Shift noted after the tender outcome.",
	"Updated after a dinner conversation with the account manager.",
	"Re-assessed following a complaint escalation.",
	"Changed after the showcase visit.",
}
