package demo

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"

	entsql "entgo.io/ent/dialect/sql"

	"rapport/ent"
	"rapport/internal/pinyin"
)

// The Chinese demo (RAPPORT_DEMO=zh) is the English one, seed for seed, with
// its texts written in Chinese: the same accounts, people, reporting lines,
// deals, interactions and history, so every view has the same data, with
// names in characters (张伟) that search finds by pinyin. It is produced by a
// last step of the same transaction that rewrites the text columns through
// the dictionaries below, on the raw connection: the rows are new, so the
// change feed, the audit log and the timestamps have nothing to learn from it.
// A text the dictionaries do not know stays in English.

// zhColumns lists the text columns the Chinese demo rewrites.
var zhColumns = []struct{ table, column string }{
	{"accounts", "name"}, {"accounts", "industry"}, {"accounts", "region"},
	{"team_members", "name"},
	{"contacts", "name"}, {"contacts", "title"}, {"contacts", "department"}, {"contacts", "notes"},
	{"contact_relations", "notes"},
	{"opportunities", "name"},
	{"interactions", "subject"}, {"interactions", "outcome"},
	{"complaints", "summary"},
	{"surveys", "comment"},
	{"tier_changes", "reason"},
	{"assessments", "note"},
	{"engagements", "name"}, {"engagements", "notes"},
	{"value_assessments", "note"},
}

// localizeZh rewrites the demo's texts in Chinese and gives the renamed
// accounts and contacts their search keys.
func localizeZh(ctx context.Context, c *ent.Client, dia string) error {
	if dia == "" {
		dia = "sqlite3"
	}
	for _, col := range zhColumns {
		values, err := distinct(ctx, c, dia, col.table, col.column)
		if err != nil {
			return fmt.Errorf("read %s.%s: %w", col.table, col.column, err)
		}
		for _, v := range values {
			t := zhText(v)
			if t == v {
				continue
			}
			q, args := entsql.Dialect(dia).Update(col.table).Set(col.column, t).Where(entsql.EQ(col.column, v)).Query()
			if _, err := c.ExecContext(ctx, q, args...); err != nil {
				return fmt.Errorf("rewrite %s.%s: %w", col.table, col.column, err)
			}
		}
	}
	for _, table := range []string{"accounts", "contacts"} {
		names, err := distinct(ctx, c, dia, table, "name")
		if err != nil {
			return err
		}
		for _, n := range names {
			q, args := entsql.Dialect(dia).Update(table).Set("search_key", pinyin.Key(n)).Where(entsql.EQ("name", n)).Query()
			if _, err := c.ExecContext(ctx, q, args...); err != nil {
				return fmt.Errorf("search key of %s: %w", table, err)
			}
		}
	}
	return nil
}

func distinct(ctx context.Context, c *ent.Client, dia, table, column string) ([]string, error) {
	q, args := entsql.Dialect(dia).Select(column).Distinct().From(entsql.Table(table)).Where(entsql.NotNull(column)).Query()
	rows, err := c.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// zhText translates one demo text: a dictionary entry, a formatted text
// whose parts are translated, or a person's name; anything else unchanged.
func zhText(s string) string {
	if t, ok := zhDict[s]; ok {
		return t
	}
	if rest, ok := strings.CutPrefix(s, "Complaint: "); ok {
		return "投诉：" + zhText(rest)
	}
	for _, p := range zhPatterns {
		if m := p.re.FindStringSubmatch(s); m != nil {
			return p.format(m)
		}
	}
	if n, ok := zhName(s); ok {
		return n
	}
	return s
}

// zhTerm translates a part of a formatted text, keeping it when unknown.
func zhTerm(s string) string {
	if t, ok := zhDict[s]; ok {
		return t
	}
	return s
}

// zhMonth formats "January 2006" as "2006年1月".
func zhMonth(s string) string {
	t, err := time.Parse("January 2006", s)
	if err != nil {
		return s
	}
	return fmt.Sprintf("%d年%d月", t.Year(), int(t.Month()))
}

var zhPatterns = []struct {
	re     *regexp.Regexp
	format func(m []string) string
}{
	{regexp.MustCompile(`^Headquarters visit: (.+) roadmap$`), func(m []string) string { return "总部参访：" + zhTerm(m[1]) + "路线图" }},
	{regexp.MustCompile(`^Showcase visit: (.+) reference site$`), func(m []string) string { return "样板点参观：" + zhTerm(m[1]) + "标杆现场" }},
	{regexp.MustCompile(`^On-site meeting: (.+) status review$`), func(m []string) string { return "现场会议：" + zhTerm(m[1]) + "进展评审" }},
	{regexp.MustCompile(`^Technical exchange: (.+) architecture$`), func(m []string) string { return "技术交流：" + zhTerm(m[1]) + "架构" }},
	{regexp.MustCompile(`^Management research: (.+) operating model$`), func(m []string) string { return "管理调研：" + zhTerm(m[1]) + "运营模式" }},
	{regexp.MustCompile(`^Industry digital summit: (.+) track$`), func(m []string) string { return "行业数字化峰会：" + zhTerm(m[1]) + "分论坛" }},
	{regexp.MustCompile(`^Dinner with the (.+) stakeholders$`), func(m []string) string { return "与" + zhTerm(m[1]) + "相关干系人晚宴" }},
	{regexp.MustCompile(`^Training: (.+) operations and maintenance$`), func(m []string) string { return "培训：" + zhTerm(m[1]) + "运维" }},
	{regexp.MustCompile(`^Call: follow-up on (.+)$`), func(m []string) string { return "电话：跟进" + zhTerm(m[1]) }},
	{regexp.MustCompile(`^Email: (.+) proposal clarifications$`), func(m []string) string { return "邮件：" + zhTerm(m[1]) + "方案澄清" }},
	{regexp.MustCompile(`^Hotline ticket: (.+) incident$`), func(m []string) string { return "热线工单：" + zhTerm(m[1]) + "故障" }},
	{regexp.MustCompile(`^Billing discrepancy on the (.+) invoice$`), func(m []string) string { return zhTerm(m[1]) + "发票金额有误" }},
	{regexp.MustCompile(`^Repeated outage affecting (.+)$`), func(m []string) string { return zhTerm(m[1]) + "多次中断" }},
	{regexp.MustCompile(`^Slow response from on-site support during (.+) cutover$`), func(m []string) string { return zhTerm(m[1]) + "割接期间现场支持响应慢" }},
	{regexp.MustCompile(`^Delayed delivery of (.+) phase one$`), func(m []string) string { return zhTerm(m[1]) + "一期交付延期" }},
	{regexp.MustCompile(`^Spare parts shortage for (.+) equipment$`), func(m []string) string { return zhTerm(m[1]) + "设备备件短缺" }},
	{regexp.MustCompile(`^Engineer missed the scheduled maintenance window for (.+)$`), func(m []string) string { return "工程师错过" + zhTerm(m[1]) + "的计划维护窗口" }},
	{regexp.MustCompile(`^Documentation for (.+) incomplete at acceptance$`), func(m []string) string { return zhTerm(m[1]) + "验收时文档不全" }},
	{regexp.MustCompile(`^Logged with severity (\w+); status (\w+)\.$`), func(m []string) string {
		return "已登记，严重程度 " + m[1] + "，状态 " + m[2] + "。"
	}},
	{regexp.MustCompile(`^Joined from (.+) in (\w+ \d{4})\.$`), func(m []string) string { return zhMonth(m[2]) + "从" + zhTerm(m[1]) + "加入。" }},
	{regexp.MustCompile(`^Worked together at (.+) until (\w+ \d{4})\.$`), func(m []string) string { return "曾在" + zhTerm(m[1]) + "共事，至" + zhMonth(m[2]) + "。" }},
	{regexp.MustCompile(`^Worked together at (.+) headquarters\.$`), func(m []string) string { return "曾在" + zhTerm(m[1]) + "总部共事。" }},
}

// Characters for the pinyin name parts of the catalog; each reads as its
// syllable, so the Chinese name's pinyin is the English demo's name.
var zhSurnames = map[string]string{
	"Wang": "王", "Li": "李", "Zhang": "张", "Liu": "刘", "Chen": "陈", "Yang": "杨", "Huang": "黄", "Zhao": "赵", "Wu": "吴", "Zhou": "周",
	"Xu": "徐", "Sun": "孙", "Ma": "马", "Zhu": "朱", "Hu": "胡", "Guo": "郭", "He": "何", "Gao": "高", "Lin": "林", "Luo": "罗",
	"Zheng": "郑", "Liang": "梁", "Xie": "谢", "Song": "宋", "Tang": "唐", "Han": "韩", "Feng": "冯", "Deng": "邓", "Cao": "曹", "Peng": "彭",
	"Zeng": "曾", "Xiao": "肖", "Tian": "田", "Dong": "董", "Pan": "潘", "Yuan": "袁", "Cai": "蔡", "Jiang": "蒋", "Yu": "于", "Du": "杜",
	"Ye": "叶", "Cheng": "程", "Wei": "魏", "Su": "苏", "Lu": "陆", "Ding": "丁", "Ren": "任", "Shen": "沈", "Yao": "姚", "Kang": "康",
	"Jin": "金", "Qian": "钱", "Fu": "傅", "Zou": "邹", "Meng": "孟", "Xiong": "熊", "Qiu": "邱", "Hou": "侯", "Shi": "石", "Long": "龙",
	"Kong": "孔", "Yan": "颜", "Qin": "秦", "Cui": "崔", "Mo": "莫", "Jia": "贾", "Fang": "方", "Dai": "戴", "Gu": "顾", "Tan": "谭", "Bai": "白",
}

var zhGiven = map[string]string{
	"wei": "伟", "jun": "军", "hao": "浩", "ming": "明", "lei": "磊", "jie": "杰", "tao": "涛", "yan": "燕", "jing": "静", "li": "丽",
	"xin": "欣", "yu": "宇", "hui": "慧", "fang": "芳", "ping": "平", "hong": "红", "qiang": "强", "bo": "博", "chao": "超", "lin": "琳",
	"na": "娜", "min": "敏", "xia": "霞", "yong": "勇", "gang": "刚", "feng": "峰", "bin": "斌", "hua": "华", "kai": "凯", "rui": "瑞",
	"zhi": "志", "wen": "文", "jian": "建", "guo": "国", "dong": "东", "tian": "天", "yi": "怡", "xiao": "晓", "chen": "晨", "peng": "鹏",
	"shu": "淑", "qing": "清", "yun": "云", "lan": "兰", "song": "松",
	"pei": "佩", "hai": "海", "yuan": "远", "mei": "美", "ling": "玲", "jia": "佳", "qi": "琪", "ran": "然", "shuang": "爽", "xue": "雪",
	"ning": "宁", "ke": "可", "cheng": "诚", "ruo": "若", "xi": "汐", "yang": "阳", "meng": "梦", "yao": "瑶",
}

// zhName writes "Zhang Weijun" as 张伟军; ok is false when s is not a
// name made of the catalog's parts.
func zhName(s string) (string, bool) {
	sur, given, found := strings.Cut(s, " ")
	if !found || strings.Contains(given, " ") {
		return "", false
	}
	c, ok := zhSurnames[sur]
	if !ok {
		return "", false
	}
	g, ok := zhSyllables(strings.ToLower(given))
	if !ok {
		return "", false
	}
	return c + g, true
}

// zhSyllables splits a run of pinyin into known syllables, longest first
// with backtracking, and writes their characters.
func zhSyllables(s string) (string, bool) {
	if s == "" {
		return "", true
	}
	for n := min(6, len(s)); n > 0; n-- {
		if c, ok := zhGiven[s[:n]]; ok {
			if rest, ok := zhSyllables(s[n:]); ok {
				return c + rest, true
			}
		}
	}
	return "", false
}
