"""Fixed vocabularies of the synthetic city: names, industries, places and departments.

Weights are relative frequencies; the lists are data, not randomness, so the same seed
always draws from the same lists.
"""

from __future__ import annotations

from api.domain.subjects.model import District, GreenActivityClass, SizeClass

#: Share of residents per district (Wuxing and Nanxun are the larger ones).
DISTRICT_WEIGHTS: tuple[tuple[District, float], ...] = (
    (District.WUXING, 0.30),
    (District.NANXUN, 0.22),
    (District.CHANGXING, 0.18),
    (District.DEQING, 0.15),
    (District.ANJI, 0.15),
)

DISTRICT_SHORT: dict[District, str] = {
    District.WUXING: "吴兴",
    District.NANXUN: "南浔",
    District.DEQING: "德清",
    District.CHANGXING: "长兴",
    District.ANJI: "安吉",
}

#: Birth regions of residents born outside Huzhou (GB/T 2260 codes).
MIGRANT_REGIONS: tuple[str, ...] = (
    "330106",  # Hangzhou Xihu
    "330402",  # Jiaxing Nanhu
    "320506",  # Suzhou Wuzhong
    "341502",  # Lu'an Jin'an
    "342501",  # Xuancheng Xuanzhou
    "411302",  # Nanyang Wancheng
    "510105",  # Chengdu Qingyang
    "360102",  # Nanchang Donghu
)

SURNAMES: tuple[tuple[str, int], ...] = (
    ("沈", 60), ("王", 55), ("陈", 50), ("张", 45), ("李", 45), ("吴", 35), ("周", 30),
    ("徐", 30), ("钱", 22), ("姚", 20), ("朱", 20), ("杨", 20), ("潘", 18), ("金", 16),
    ("俞", 15), ("陆", 15), ("施", 14), ("费", 12), ("孙", 12), ("胡", 12), ("蒋", 10),
    ("邱", 9), ("章", 9), ("顾", 9), ("钟", 8), ("丁", 8), ("许", 8), ("马", 7), ("高", 7),
    ("方", 7), ("汪", 7), ("郑", 6), ("何", 6), ("林", 6), ("罗", 5), ("闵", 5), ("凌", 4),
    ("严", 4), ("褚", 3), ("臧", 2),
)  # fmt: skip

MALE_GIVEN: tuple[str, ...] = tuple(
    "伟强军杰峰涛明华建国志海斌勇鹏浩宇俊磊晨文辉刚平林飞超亮宏成东新荣德永学春祥"
)
FEMALE_GIVEN: tuple[str, ...] = tuple(
    "芳娟敏静丽艳秀英燕红霞玲萍婷雪琳颖洁慧倩欣怡佳梅兰琴晶月莉丹云雯婧璐"
)

#: Relative number of births per year 1940-2008 (a rough shape of the population pyramid).
BIRTH_YEAR_WEIGHTS: tuple[tuple[int, int, float], ...] = (
    (1940, 1949, 0.5),
    (1950, 1961, 1.0),
    (1962, 1975, 1.6),
    (1976, 1984, 1.2),
    (1985, 1992, 1.5),
    (1993, 1999, 1.0),
    (2000, 2008, 0.8),
)

#: GB/T 4754-2017 classes: code (section letter + 4 digits), a word for firm names, weight.
INDUSTRIES: tuple[tuple[str, str, float], ...] = (
    ("A0164", "茶业", 1.0), ("A0412", "水产", 0.6), ("A0220", "林业", 0.4),
    ("C1530", "茶叶", 0.8), ("C1711", "纺织", 2.0), ("C1751", "化纤织造", 3.0),
    ("C1761", "针织", 1.5), ("C1810", "服饰", 2.5), ("C1830", "服饰", 1.0),
    ("C2021", "木业", 1.2), ("C2034", "地板", 2.0), ("C2041", "竹业", 1.8),
    ("C2110", "家具", 2.0), ("C2120", "竹家具", 0.8), ("C2614", "化工", 0.6),
    ("C2651", "新材料", 0.8), ("C2710", "药业", 0.4), ("C2927", "塑业", 1.0),
    ("C3011", "水泥", 0.3), ("C3021", "建材", 0.8), ("C3311", "钢结构", 1.2),
    ("C3435", "电梯", 1.0), ("C3484", "机械", 2.5), ("C3670", "汽配", 1.5),
    ("C3811", "电机", 1.0), ("C3841", "新能源", 1.2), ("C3843", "电源", 1.0),
    ("C3985", "电子材料", 0.8),
    ("D4416", "光伏电力", 0.6),
    ("E4710", "建设", 3.0), ("E4812", "路桥工程", 1.0), ("E4910", "电气安装", 1.2),
    ("E5011", "装饰工程", 1.2), ("E5012", "装饰", 1.5),
    ("F5123", "农产品", 2.0), ("F5132", "服装", 3.0), ("F5164", "金属材料", 2.0),
    ("F5165", "建材", 2.5), ("F5179", "机电设备", 3.0), ("F5211", "百货", 2.0),
    ("F5212", "超市", 1.5), ("F5221", "粮油", 1.0), ("F5261", "汽车销售", 1.0),
    ("F5292", "电子商务", 4.0),
    ("G5431", "物流", 2.5), ("G5522", "航运", 0.6), ("G6020", "快递", 0.6),
    ("H6110", "酒店", 0.6), ("H6130", "民宿", 1.5), ("H6210", "餐饮", 1.8),
    ("H6220", "餐饮", 0.8), ("H6241", "茶馆", 0.4),
    ("I6429", "网络", 1.0), ("I6432", "网络科技", 1.0), ("I6513", "软件", 1.8),
    ("I6531", "信息技术", 1.5), ("I6540", "信息服务", 0.5),
    ("K7010", "房地产开发", 1.0), ("K7020", "物业管理", 1.2), ("K7030", "房产经纪", 0.6),
    ("L7211", "控股", 0.8), ("L7212", "投资管理", 2.5), ("L7241", "财务咨询", 1.2),
    ("L7251", "广告", 1.0), ("L7281", "会展", 0.4),
    ("M7320", "科技", 1.0), ("M7484", "工程设计", 0.8), ("M7520", "知识产权", 0.4),
    ("N7721", "环保科技", 0.5), ("N7723", "再生资源", 0.5), ("N7851", "旅游开发", 0.4),
    ("O8010", "家政服务", 0.8), ("O8111", "汽车维修", 1.0),
    ("P8391", "职业培训", 0.6), ("Q8411", "医院", 0.2), ("R8810", "文化传媒", 0.8),
)  # fmt: skip

FIRM_WORDS: tuple[str, ...] = (
    "华丰", "鑫源", "恒达", "永盛", "宏远", "金诚", "天成", "瑞祥", "新力", "东方", "长盛",
    "德润", "博远", "嘉禾", "信达", "万通", "顺发", "锦华", "荣昌", "联丰", "福临", "安泰",
    "兴业", "汇丰", "创新", "绿源", "竹韵", "太湖", "苕溪", "菰城", "浔溪", "莫干", "顾渚",
    "碧波", "青山", "星河", "明珠", "启航", "众诚", "晨光",
)  # fmt: skip

FIRM_PREFIXES: tuple[tuple[str, float], ...] = (("湖州", 0.45), ("浙江", 0.2), ("", 0.35))

#: Size class shares (mostly micro and small, as in the NBS census of market entities).
SIZE_WEIGHTS: tuple[tuple[SizeClass, float], ...] = (
    (SizeClass.MICRO, 0.68),
    (SizeClass.SMALL, 0.24),
    (SizeClass.MEDIUM, 0.065),
    (SizeClass.LARGE, 0.015),
)

#: Median registered capital (yuan) and typical emissions (tonnes CO2e a year) per size class.
SIZE_CAPITAL_MEDIAN: dict[SizeClass, float] = {
    SizeClass.MICRO: 500_000.0,
    SizeClass.SMALL: 3_000_000.0,
    SizeClass.MEDIUM: 20_000_000.0,
    SizeClass.LARGE: 200_000_000.0,
}
SIZE_EMISSIONS_MEDIAN: dict[SizeClass, float] = {
    SizeClass.MICRO: 40.0,
    SizeClass.SMALL: 400.0,
    SizeClass.MEDIUM: 4_000.0,
    SizeClass.LARGE: 40_000.0,
}

GREEN_WEIGHTS: tuple[tuple[GreenActivityClass, float], ...] = (
    (GreenActivityClass.ENERGY_SAVING, 20.0),
    (GreenActivityClass.ENVIRONMENTAL_PROTECTION, 12.0),
    (GreenActivityClass.RESOURCE_RECYCLING, 10.0),
    (GreenActivityClass.CLEAN_ENERGY, 8.0),
    (GreenActivityClass.ECOLOGICAL_PROTECTION, 5.0),
    (GreenActivityClass.GREEN_INFRASTRUCTURE, 8.0),
    (GreenActivityClass.GREEN_SERVICES, 12.0),
    (GreenActivityClass.NOT_GREEN, 25.0),
)

#: Commerce districts with merchants, and their district.
COMMERCE_DISTRICTS: tuple[tuple[str, District, float], ...] = (
    ("衣裳街", District.WUXING, 3.0),
    ("小西街", District.WUXING, 2.5),
    ("月河街", District.WUXING, 1.5),
    ("爱山广场", District.WUXING, 1.5),
    ("南浔古镇", District.NANXUN, 3.0),
    ("双林古镇", District.NANXUN, 1.0),
    ("练市老街", District.NANXUN, 0.8),
    ("东城时代", District.DEQING, 2.0),
    ("新市古镇", District.DEQING, 1.5),
    ("莫干山庾村", District.DEQING, 1.0),
    ("武康老街", District.DEQING, 0.8),
    ("长兴老街", District.CHANGXING, 1.2),
    ("水口茶文化街", District.CHANGXING, 1.0),
    ("太湖图影", District.CHANGXING, 0.8),
    ("递铺老街", District.ANJI, 1.2),
    ("余村两山集市", District.ANJI, 0.8),
    ("孝丰老街", District.ANJI, 0.6),
)

SHOP_GOODS: tuple[str, ...] = (
    "馄饨店", "丝绸坊", "茶庄", "湖笔庄", "粽子店", "酱鸭铺", "小吃店", "服饰店", "民宿",
    "咖啡馆", "书店", "理发店", "水果店", "面馆", "烧饼铺", "干货店", "竹艺店", "百货店",
    "茶馆", "糕点铺",
)  # fmt: skip

#: Named villages and their districts; more are composed from PLACE_HEADS and PLACE_TAILS.
NAMED_VILLAGES: tuple[tuple[str, District], ...] = (
    ("余村", District.ANJI),
    ("鲁家村", District.ANJI),
    ("高家堂村", District.ANJI),
    ("黄杜村", District.ANJI),
    ("大竹园村", District.ANJI),
    ("横山坞村", District.ANJI),
    ("仙潭村", District.DEQING),
    ("五四村", District.DEQING),
    ("劳岭村", District.DEQING),
    ("燎原村", District.DEQING),
    ("顾渚村", District.CHANGXING),
    ("新川村", District.CHANGXING),
    ("城山村", District.CHANGXING),
    ("义皋村", District.WUXING),
    ("潞村", District.WUXING),
    ("杨溇村", District.WUXING),
    ("荻港村", District.NANXUN),
    ("息塘村", District.NANXUN),
    ("横街村", District.NANXUN),
)
PLACE_HEADS: str = (
    "沈钱姚陆潘朱杨金俞施费徐吴周王李张陈孙胡蒋邱章顾丁许马高方汪"
    "竹茶桑梅荷柳枫松石溪青白清南北东西大小新长上下前后横凤龙"
)
PLACE_TAILS: tuple[str, ...] = (
    "家村", "家桥村", "塘村", "港村", "坞村", "圩村", "浜村", "山村", "湾村", "庄村",
    "溪村", "岭村", "墩村", "埠村", "漾村", "田村",
)  # fmt: skip

#: Rural households per district (the counties hold most villages).
VILLAGE_DISTRICT_WEIGHTS: tuple[tuple[District, float], ...] = (
    (District.WUXING, 0.17),
    (District.NANXUN, 0.21),
    (District.DEQING, 0.19),
    (District.CHANGXING, 0.23),
    (District.ANJI, 0.20),
)

#: Departments that report records: code, English name, Chinese name.
DEPARTMENTS: tuple[tuple[str, str, str], ...] = (
    ("market_supervision", "Huzhou Administration for Market Regulation", "湖州市市场监督管理局"),
    (
        "tax",
        "Huzhou Municipal Tax Service, State Taxation Administration",
        "国家税务总局湖州市税务局",
    ),
    ("transport", "Huzhou Municipal Bureau of Transport", "湖州市交通运输局"),
    ("health", "Huzhou Municipal Health Commission", "湖州市卫生健康委员会"),
    (
        "law_enforcement",
        "Huzhou Comprehensive Administrative Law Enforcement Bureau",
        "湖州市综合行政执法局",
    ),
    ("ecology_environment", "Huzhou Ecology and Environment Bureau", "湖州市生态环境局"),
    (
        "human_resources",
        "Huzhou Human Resources and Social Security Bureau",
        "湖州市人力资源和社会保障局",
    ),
    ("housing", "Huzhou Housing and Urban-Rural Development Bureau", "湖州市住房和城乡建设局"),
    (
        "development_reform",
        "Huzhou Development and Reform Commission (city credit office)",
        "湖州市发展和改革委员会",
    ),
    ("court", "Huzhou Intermediate People's Court", "湖州市中级人民法院"),
    ("public_security", "Huzhou Public Security Bureau", "湖州市公安局"),
    ("emergency_management", "Huzhou Emergency Management Bureau", "湖州市应急管理局"),
    ("commerce", "Huzhou Municipal Bureau of Commerce", "湖州市商务局"),
    ("agriculture_rural", "Huzhou Agriculture and Rural Affairs Bureau", "湖州市农业农村局"),
    ("civilisation_office", "Huzhou Spiritual Civilisation Office", "湖州市文明办"),
)
