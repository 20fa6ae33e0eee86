"""The 1,000 most frequent Han characters of simplified Chinese prose, most frequent first.

Counted over all seven works of ../shared/corpora/zh-gutenberg-classics/simplified (Lu Xun
and four Ming/Qing novels, public domain; 2.5 M Han characters, of which these cover 88%):

    python -c "import collections, glob; from writer_app.text.chars import is_han;
    c = collections.Counter(ch for f in sorted(glob.glob(
    '../shared/corpora/zh-gutenberg-classics/simplified/*.txt')) for ch in open(f, encoding='utf-8').read()
    if is_han(ch)); print(''.join(ch for ch, _ in c.most_common(1000)))"

(Counting only U+4E00-U+9FFF, as the first version did, gives the same 1,000.)

Used by text_codec to tell short GBK text from Korean EUC-KR, whose Hangul shares
GB2312's byte ranges: Korean read as GBK gives characters that are rarely among these.
"""

from __future__ import annotations

FREQUENT_HAN = frozenset(
    "了不一道的来人是我他个有这说你去那大上在子里也见得之著下只又出便老日到家儿头曰将"
    "三行此好回时中两们看如就二自知要小都马太天与玉宝今事么起者前何可王心军听后却笑为"
    "过门叫无兵面把生山十等还正问走明贾打先公些众以和身进吃手而相然话地当于四多没言若"
    "处师住因才做已请方且长路爷分张坐几入姐怎年江声五酒至云官用城书外八罢父想弟口死东"
    "僧孙主边金命母教使再拿取夫哥西从倒作同开娘安会李意水其操甚必忙敢早放气令亲名杀发"
    "乃往所能兄内德引样吾送喜文间真未花原高风妖凤武即宋别定报各百神成关平曹女林房本被"
    "少拜连夜火府应闻急州奶什士白曾领怪带玄孔皆难万望尚经半月管眼国戒呢并圣寨汉向但字"
    "藏果银告待直战刘更点忽收解故南尽虽飞衣赶唐法接千动对空寻位黄欲数钱惊怕谁礼次许己"
    "计立姑光救香随刀守齐第情遂吴松婆龙干快船既备石理红精司七合迎给汝似庄余清近常春留"
    "袭六黛饭朝贼诸细色仙般亦哭晚丫物实妹远布魏深客差喝变信重思性谢沙厮妇答肯左非受胜"
    "病唤君降须恐乱茶传退力休跟觉姓件矣伏语宫青毕转首提依落九莫满睡念杨候议竟妈县冲钗"
    "学保周薛观条佛求阵政右世交帝比新指归脸星认臣义宗及慌怒权则牛背脚步恩通服侯土洞写"
    "兴投卿苦堂散失愿诗草阳徒破奉穿商或车全罪轻虎棒叔句反姨探容盖该功耳赵魔奔北旧园流"
    "陈海败骂害暗复化铁瞧足祖楼买现久岂斗闹伤木琏菩哩乐顾胡氏举京萨屋灵每灯店歇殿史河"
    "蜀雨诉离活延包奏劝称欢弄戴悟院紧算表跳势遇顺辞古村紫呼呆目嘴乎底推树封梁忠疑朱敌"
    "断药徐侍超照闲完盘泪杜肉强双结卖皇替让捉帐嫂部场阿号冷智黑饮径席食烧旗息台猴贵雄"
    "素慢俱爱响脱元鬼秦善施幸珍奈孩雪总尊假叹吕横岁赏丈杯华孝营养贤特逵识爹夏排追荣丞"
    "粮箭鲁记策呵极共迟围纵翻初舍厅座驾景越宁姥虚约料摆寺修员雷斩造民鼓恨乘某骑悄咱番"
    "湘秀设维昨懿节端招挂志很烟摇居绍静器遣执拾阴皮毛托斋剑攻任渐视撞找遍尤蒙亮论终荆"
    "音根角瑜彼良站监喊跑袁秋旨谓净独利妻乡办借消凡换鲍止妙略索付戏罗扶郎讨碗讲体柴董"
    "感图甲谋郭护刻整抬量班陪按单岸献童廷惜最象桥刚扯聚跪福擒汤除持仁承拉亭烦威尉况像"
    "奇登晓桌遭夺郡禁顿顶床敬免争切折忘绝劳程调忍递密御晁偷逃热彩偏画征腰钟伙助加英萧"
    "牌仍盛街顽恶达挑倘省葛咐治寿临致题怀卷锦异丢决微犯鎗镇匹由装种男鸯猪巧担拨洗瑞骨"
    "疼壁血枝低鸳迳环鹃怨易肃押昭俊虞纸参获统邢柳弃泊负扇梦衙块庙晴轿错配赐珠恼旁宴界"
    "混抱勇孟锋孤邓悲伯枪野射度掌宿禅代陛友昏宜耶痛群她谈吩鱼媳停缘芳庆工误业系升丹寒"
)
