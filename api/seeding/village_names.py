"""Pinyin and townships of the seeded villages (real names first, composed ones after)."""

from __future__ import annotations

from api.domain.subjects.model import District

_LINES = (
    "沈shen 钱qian 姚yao 陆lu 潘pan 朱zhu 杨yang 金jin 俞yu 施shi 费fei 徐xu 吴wu 周zhou 王wang",
    "李li 张zhang 陈chen 孙sun 胡hu 蒋jiang 邱qiu 章zhang 顾gu 丁ding 许xu 马ma 高gao 方fang",
    "汪wang 竹zhu 茶cha 桑sang 梅mei 荷he 柳liu 枫feng 松song 石shi 溪xi 青qing 白bai 清qing",
    "南nan 北bei 东dong 西xi 大da 小xiao 新xin 长chang 上shang 下xia 前qian 后hou 横heng 凤feng",
    "龙long 家jia 桥qiao 塘tang 港gang 坞wu 圩wei 浜bang 山shan 湾wan 庄zhuang 岭ling 墩dun",
    "埠bu 漾yang 田tian 村cun 余yu 鲁lu 堂tang 黄huang 杜du 园yuan 仙xian 潭tan 五wu 四si 劳lao",
    "燎liao 原yuan 渚zhu 川chuan 城cheng 义yi 皋gao 潞lu 溇lou 荻di 息xi 街jie",
)
#: Pinyin of every character a seeded village name uses (named villages, heads and tails).
_PINYIN: dict[str, str] = {pair[0]: pair[1:] for line in _LINES for pair in line.split(" ")}

#: The township or street of each named village.
NAMED_TOWNSHIPS: dict[str, str] = {
    "余村": "天荒坪镇",
    "鲁家村": "递铺街道",
    "高家堂村": "山川乡",
    "黄杜村": "溪龙乡",
    "大竹园村": "孝丰镇",
    "横山坞村": "灵峰街道",
    "仙潭村": "莫干山镇",
    "五四村": "阜溪街道",
    "劳岭村": "莫干山镇",
    "燎原村": "新安镇",
    "顾渚村": "水口乡",
    "新川村": "泗安镇",
    "城山村": "小浦镇",
    "义皋村": "织里镇",
    "潞村": "八里店镇",
    "杨溇村": "织里镇",
    "荻港村": "和孚镇",
    "息塘村": "双林镇",
    "横街村": "千金镇",
}

#: Townships and streets of each district, for composed villages.
TOWNSHIPS: dict[District, tuple[str, ...]] = {
    District.WUXING: ("织里镇", "八里店镇", "妙西镇", "埭溪镇", "东林镇"),
    District.NANXUN: ("和孚镇", "双林镇", "练市镇", "善琏镇", "千金镇", "石淙镇"),
    District.DEQING: ("莫干山镇", "新市镇", "乾元镇", "钟管镇", "禹越镇", "新安镇"),
    District.CHANGXING: ("水口乡", "泗安镇", "和平镇", "洪桥镇", "林城镇", "煤山镇", "小浦镇"),
    District.ANJI: ("天荒坪镇", "递铺街道", "孝丰镇", "溪龙乡", "山川乡", "灵峰街道", "鄣吴镇"),
}


def pinyin(name: str) -> str:
    """The village's name in pinyin (``余村`` is ``Yucun``); KeyError for an unknown character."""
    return "".join(_PINYIN[character] for character in name).capitalize()


def township(name: str, district: District, index: int) -> str:
    """The village's township: its real one when named, else one of its district's."""
    found = NAMED_TOWNSHIPS.get(name)
    if found is not None:
        return found
    choices = TOWNSHIPS[district]
    return choices[index % len(choices)]
