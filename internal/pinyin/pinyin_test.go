package pinyin

import "testing"

func TestKey(t *testing.T) {
	for name, want := range map[string]string{
		"张伟":         "张伟|zhang wei|zhangwei|zw",
		"曾伟":         "曾伟|zeng wei|zengwei|zw",
		"欧阳娜娜":       "欧阳娜娜|ou yang na na|ouyangnana|oynn",
		"Zhang Wei":  "zhang wei",
		"华信移动河南有限公司": "华信移动河南有限公司|hua xin yi dong he nan you xian gong si|huaxinyidonghenanyouxiangongsi|hxydhnyxgs",
	} {
		if got := Key(name); got != want {
			t.Errorf("Key(%q) = %q, want %q", name, got, want)
		}
	}
	if got := Query("  Zhang   WEI "); got != "zhang wei" {
		t.Errorf("Query: %q", got)
	}
}
