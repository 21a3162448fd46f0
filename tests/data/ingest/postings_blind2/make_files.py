"""Writes the blind-check files of round 2 and their answer key (key.json).

Every record is a real posting copied from data/sample/postings/51job_2023/51job.csv.gz
(row index ``j<N>``, 0-based data rows) or tests/data/ingest/real/zhaopin_chengdu_it.json.gz
(``z<N>``, index into all_data[*].data.results); see README.md. The answer key is written by
hand from the raw texts below with the rules of schema.toml [tables.postings] and the README,
never by calling talentcast. Run: python make_files.py (needs openpyxl).
"""
import datetime as dt
import json
from pathlib import Path

import openpyxl

HERE = Path(__file__).parent
TZ8 = dt.timezone(dt.timedelta(hours=8))

# id: (title, company, place, salary, experience, education, date) exactly as in the source.
RAW = {
    "j227": ("python少儿编程辅导老师双休包餐", "北京思明启创科技有限公司", "河南省郑州金水路", "7千-1.2万", "无需经验", "本科", "2023-11-21 13:42:43"),
    "j604": ("大数据工程师", "河南海问网络科技有限公司", "河南省郑州中原区", "1-1.5万", "3-4年", "大专", "2023-11-21 04:20:05"),
    "j695": ("软件测试开发工程师", "苏州睿芯集成电路科技有限公司", "河南省新乡", "8千-1.5万·13薪", "3-4年", "本科", "2023-12-11 10:09:37"),
    "j2241": ("网络安全管理（安全运营）", "中国移动通信有限公司在线营销服务中心", "河南省郑州", "1-2万·13薪", "3-4年", "本科", "2023-11-01 17:27:03"),
    "j2243": ("算法开发工程师", "亚信科技（中国）有限公司", "河南省郑州", "1.2-2万·13薪", "3-4年", "本科", "2023-12-12 07:00:14"),
    "j2244": ("深度学习工程师-郑州(J11827)", "曙光信息产业股份有限公司", "河南省郑州", "2-3万·13薪", "3-4年", "本科", "2023-10-31 09:29:21"),
    "j2245": ("算法工程师（语音方向）", "中国移动通信有限公司在线营销服务中心", "河南省郑州高新区", "1.3-2.5万·13薪", "3-4年", "硕士", "2023-10-19 15:00:55"),
    "j2246": ("郑州算法工程师", "武汉佰钧成技术有限责任公司", "河南省郑州", "7千-1.2万", "3-4年", "本科", "2023-11-30 14:44:28"),
    "j2247": ("IT开发工程师", "中国移动通信集团设计院有限公司河南分公司", "河南省郑州郑东新区", "8千-1万", "2年", "本科", "2023-12-01 08:26:31"),
    "j2248": ("软件开发工程师", "联桥科技有限公司", "河南省许昌", "7千-1万", "3-4年", "本科", "2023-11-27 17:45:15"),
    "j2253": ("教材研发工程师", "上海赞弘信息技术有限公司", "河南省郑州", "8千-1.3万·13薪", "3-4年", "本科", "2023-11-27 15:44:17"),
    "j2254": ("量子测控助理工程师（超导方向）", "本源量子计算科技（合肥）股份有限公司", "河南省郑州高新区", "1-2万", "1年", "本科", "2023-11-02 08:48:01"),
    "j2255": ("高级音视频研发工程师（拔尖计划）", "中国移动通信有限公司在线营销服务中心", "河南省郑州高新区", "3-5万·13薪", "5-7年", "本科", "2023-10-19 15:00:20"),
    "j2256": ("自动化工程师", "长垣方元橡塑有限公司", "河南省新乡", "4-8千", "2年", "高中", "2023-11-25 10:47:48"),
    "j2257": ("设备维修工程师", "富联精密电子（郑州）有限公司", "河南省郑州经开区", "18-36万/年", "8-9年", "大专", "2023-11-22 15:35:45"),
    "j2259": ("主机系统运维工程师—JC", "新长城科技有限公司", "河南省郑州金水区", "7千-1.3万", "3-4年", "本科", "2023-12-06 17:23:53"),
    "j2260": ("大数据应用工程师", "超聚变数字技术有限公司", "河南省郑州郑东新区", "1.5-2.6万·14薪", "10年及以上", "本科", "2023-12-06 09:49:11"),
    "j2262": ("网络运维工程师", "中国移动通信有限公司在线营销服务中心", "河南省郑州", "1-2万·13薪", "5-7年", "本科", "2023-10-19 15:00:55"),
    "j2264": ("新能源技术研究中心-数字孪生及智能设计", "郑州中科新兴产业技术研究院", "河南省郑州金水区", "7千-1.4万", "无需经验", "硕士", "2023-11-15 08:56:26"),
    "j2265": ("软件测试工程师", "河南仟冉网络科技有限公司", "河南省郑州", "5-8千", "无需经验", "大专", "2023-12-12 04:17:13"),
    "j2267": ("开发工程师-政务软件", "超聚变数字技术有限公司", "河南省郑州", "1.5-3万", "2年", "本科", "2023-12-07 10:53:29"),
    "j2268": ("测试工程师", "河南菠菜包电子科技有限公司", "河南省郑州金水区", "8千-1.5万", "3-4年", "大专", "2023-12-12 09:57:05"),
    "j2269": ("数据工程师 (MJ000251)", "郑州优碧科技有限公司", "河南省郑州郑州东站", "1-1.5万", "无需经验", "硕士", "2023-11-21 09:42:52"),
    "j2271": ("软件测试工程师", "北京金巴顺漾科技有限公司", "河南省郑州二七区", "8千-1.5万·13薪", "1年", "大专", "2023-12-12 11:58:39"),
    "j2279": ("软件测试", "上海贤情科技有限公司", "河南省郑州金水区", "1-1.2万", "1年", "大专", "2023-12-12 08:56:26"),
    "j2280": ("大数据开发", "郑州由申甲网络科技有限公司", "河南省郑州中原区", "4.5-9千", "无需经验", "大专", "2023-11-21 10:35:07"),
    "j2283": ("开发测试工程师", "软通动力信息技术（集团）股份有限公司", "河南省郑州管城回族区", "9千-1.1万·13薪", "2年", "大专", "2023-11-09 16:08:40"),
    "j2286": ("软件工程师", "上海宇之源太阳能光电科技有限公司", "河南省郑州高新区", "1-1.6万", "2年", "本科", "2023-12-07 22:20:42"),
    "j2289": ("运动控制工程师", "郑州中远防务材料有限公司", "河南省郑州", "8千-1.6万", "2年", "本科", "2023-11-23 09:09:02"),
    "j2291": ("生物信息工程师", "河南念越生物科技有限公司", "河南省郑州高新区", "8千-1.5万", "1年", "硕士", "2023-12-11 10:17:32"),
    "j2293": ("go研发工程师", "上海金电网安科技有限公司", "河南省郑州金水区", "7千-1.4万", "1年", "本科", "2023-12-12 09:25:49"),
    "j2297": ("运维工程师", "慧铁科技股份有限公司", "河南省郑州", "8千-1万·14薪", "3-4年", "大专", "2023-11-15 10:28:09"),
    "j2298": ("算法工程师", "华南医电（北京）科技集团有限公司", "河南省郑州高新区", "8千-1.5万", "1年", "本科", "2023-11-11 15:21:37"),
    "j2299": ("后端软件开发工程师", "苏州睿芯集成电路科技有限公司", "河南省新乡", "8千-1.2万·13薪", "无需经验", "本科", "2023-10-31 14:04:57"),
    "j2300": ("计算机类专业", "郑州商品交易所", "河南省郑州郑东新区", "18-25万/年", "无需经验", "硕士", "2023-12-12 09:12:11"),
    "j2302": ("生物信息分析工程师", "河南申友医学检验所有限公司", "河南省郑州金水区", "5千-1万", "在校生/应届生", "硕士", "2023-10-20 12:47:13"),
    "j2303": ("后端JAVA开发实习生", "郑州航空港经济综合实验区空港人工智能研究", "河南省郑州新郑市", "110元/天", "在校生/应届生", "硕士", "2023-11-07 09:57:51"),
    "j2304": ("数学统计类专业", "郑州商品交易所", "河南省郑州郑东新区", "18-25万/年", "无需经验", "硕士", "2023-12-12 09:12:14"),
    "j2307": ("软件开发工程师（C/C++/Java）", "中国铁路通信信号股份有限公司", "河南省郑州", "1-1.8万", "在校生/应届生", "硕士", "2023-12-12 10:52:47"),
    "j2309": ("机房运维工程师 4340162", "富士康科技集团", "河南省郑州新郑市", "7.8-15.6万/年", "3-4年", "本科", "2023-12-12 08:56:10"),
    "j2310": ("iOS开发工程师实习生", "内蒙古钛驰新迪商务有限公司", "河南省郑州碧沙岗", "8千-1.3万", "无需经验", "大专", "2023-12-12 10:03:58"),
    "j3379": ("运检服务-系统工程师", "平高集团有限公司", "河南省平顶山", "30-50万/年", "8-9年", "本科", "2023-11-10 20:19:12"),
    "j3380": ("AI数据标注", "河南建梦信息咨询服务有限公司", "河南省洛阳", "3-5千", "无需经验", "大专", "2023-12-07 04:19:27"),
    "j3381": ("提示词工程师（产品设计方向）", "河南万名盛世信息科技有限公司", "河南省洛阳洛龙区", "6千-1.2万", "1年", "本科", "2023-11-29 08:50:56"),
    "j3383": ("AI工程师", "河南万名盛世信息科技有限公司", "河南省洛阳洛龙区", "6千-1.2万", "1年", "本科", "2023-11-29 08:50:53"),
    "j3384": ("数据分析师", "陕西腾运信息科技有限公司", "河南省洛阳", "1-1.2万", "无需经验", "大专", "2023-12-12 09:53:13"),
    "j3385": ("数据分析助理", "上海思勃商务咨询有限公司", "河南省南阳", "3-4千", "无需经验", "大专", "2023-11-14 11:00:04"),
    "j3386": ("WEB开发全栈工程师", "苏州睿芯集成电路科技有限公司", "河南省新乡", "1.5-3万·13薪", "5-7年", "本科", "2023-12-11 10:09:37"),
    "j3387": ("平高电气-全栈工程师 （前后端开发）", "平高集团有限公司", "河南省平顶山", "7-10万/年", "5-7年", "本科", "2023-11-10 20:19:12"),
    "j3388": ("信息工程师助理", "仲景食品股份有限公司", "河南省南阳", "5千-1万", "无需经验", "本科", "2023-11-04 15:39:31"),
    "j3390": ("数据分析师", "广东旭诚科技有限公司", "河南省安阳", "4-8千", "无需经验", "本科", "2023-12-12 11:58:48"),
    "j3391": ("电气自动化工程师", "洛阳名特智能设备股份有限公司", "河南省洛阳", "6千-1万", "3-4年", "本科", "2023-12-11 10:21:24"),
    "j3392": ("AI数据标注", "安阳半山文化传媒有限公司", "河南省安阳", "3-6千", "无需经验", "", "2023-12-03 04:14:40"),
    "j3393": ("全栈", "安阳大豫网网络科技有限公司", "河南省安阳", "5千-1万", "1年", "中技/中专", "2023-11-20 04:15:52"),
    "j3394": ("数据分析助理", "上海思勃商务咨询有限公司", "河南省南阳", "80元/天", "在校生/应届生", "大专", "2023-11-14 10:57:27"),
    "j3396": ("软件开发岗", "深圳市中燃科技有限公司", "河南省信阳", "5千-1万", "在校生/应届生", "本科", "2023-12-12 04:00:00"),
    "j4419": ("AI算法工程师", "河南油田工程科技股份有限公司", "河南省郑州二七区", "1.5-2.5万", "3年及以上", "硕士", "2024-10-09 17:03:10"),
    "j4528": ("python爬虫开发工程师", "河南甫得影视传媒有限公司", "河南省郑州金水区", "6-8千·13薪", "无需经验", "", "2024-11-20 08:36:53"),
    "j4116": ("数据标注（兼职）", "武汉利普数字信息科技有限公司", "湖北省武汉", "3千及以下", "在校生/应届生", "", "2023-10-18 09:07:31"),
    "j297": ("诚聘matlab和python技术工程师", "世联博研（北京）科技有限公司", "北京北京", "1.5千/天", "2年", "本科", "2023-12-05 09:31:39"),
    "j1097": ("AI数据标注实习生", "西安趣加文化传媒有限公司", "陕西省西安", "50元/天", "无需经验", "大专", "2023-12-12 04:18:42"),
    "j1256": ("售前", "亚信科技OBC", "陕西省西安雁塔区", "3万及以下/年", "无需经验", "本科", "2023-12-12 07:00:29"),
    "j2086": ("软件顾问", "拿云信息技术（深圳）有限公司", "安徽省合肥滨湖新区", "600元/天", "3-4年", "大专", "2023-11-09 09:10:01"),
    "j4385": ("西安-ETL开发工程师", "陕西能化技术服务有限公司", "陕西省西安", "1-1.2万·13薪", "1-3年", "中技/中专", "2024-11-22 11:08:31"),
    "j4430": ("Java/C++/C/python/算法/测开/前端/后端/数据", "内蒙古重晟信息技术服务有限公司", "四川省成都", "1.5-3万·16薪", "1年及以上", "本科", "2024-11-23 09:03:49"),
    "j4580": ("公有云日语系统运维工程师", "野村综研（北京）系统集成有限公司", "辽宁省大连", "2-2.5万·15薪", "5年及以上", "本科", "2024-11-20 17:51:34"),
    # 智联 (成都): city.display, salary, workingExp.name, eduLevel.name, updateDate.
    "z41": ("客服专员", "成都人人富联网络科技有限公司", "成都", "3.5K-6K", "1-3年", "中专", "2019-06-08 00:50:19"),
    "z56": ("电子商务", "成都宏都科技有限公司", "成都-武侯区", "4K-8K", "1年以下", "本科", "2019-06-08 00:50:17"),
    "z400": ("数字IC设计工程师", "联发科技股份有限公司", "成都", "15K-23K", "3-5年", "硕士", "2019-06-08 10:27:56"),
    "z417": ("春熙路店高薪聘销售", "深圳市珍爱网信息技术有限公司", "成都", "薪资面议", "1-3年", "大专", "2019-06-07 00:51:01"),
    "z460": ("线下高端服务红娘（非销售六险一金双休）", "深圳市珍爱网信息技术有限公司", "成都", "薪资面议", "3-5年", "大专", "2019-06-07 00:50:14"),
    "z485": ("心理咨询师（大平台+好福利）", "深圳市珍爱网信息技术有限公司", "成都", "薪资面议", "1-3年", "本科", "2019-06-07 00:50:58"),
    "z622": (" 导购/促销员-北京-00701", "出门问问信息科技有限公司", "成都-锦江区", "4K-6K", "不限", "高中", "2019-06-05 00:50:59"),
    "z874": ("前厅经理", "成都智谷软件技术职业技能培训学校", "成都", "6K-8K", "1年以下", "学历不限", "2019-06-06 15:40:12"),
    "z938": ("图形图像算法工程师", "成都东方盛行电子有限责任公司", "成都", "15K-20K", "1-3年", "硕士", "2019-06-06 10:39:49"),
    "z1012": ("总账会计", "四川观想科技股份有限公司", "成都", "8K-15K", "10年以上", "大专", "2019-06-06 09:46:02"),
    "z8": ("高薪销售顾问+五险一金", "成都珍岛信息技术有限公司", "成都", "6K-10K", "不限", "中专", "2019-06-08 19:14:25"),
    "z13": ("电气/软件安装调试技术员", "成都思伟软件有限公司", "成都", "4K-8K", "不限", "学历不限", "2019-06-08 17:56:52"),
    "z51": ("文员行政", "成都广超电子科技有限公司", "成都", "3K-5K", "1年以下", "大专", "2019-06-08 00:50:37"),
    "z121": ("研发总监（大平台）", "四川惠商信息科技有限公司", "成都", "20K-40K", "10年以上", "本科", "2019-06-08 20:04:48"),
    "z246": ("商务助理/专员/文员4K-8K", "成都远成伟业信息技术有限公司", "成都", "4K-6K", "不限", "中技", "2019-06-08 12:30:23"),
    "z413": ("珍爱网诚聘高端销售（高薪双休六险一金）", "深圳市珍爱网信息技术有限公司", "成都-武侯区", "薪资面议", "不限", "大专", "2019-06-07 00:51:01"),
    "z640": ("售前工程师（电力行业）", "北京启明星辰信息安全技术有限公司", "成都-天府新区", "10K-15K", "5-10年", "学历不限", "2019-06-06 14:35:52"),
    "z683": ("盒马-餐饮管理专家-成都", "阿里巴巴集团", "成都", "薪资面议", "5-10年", "本科", "2019-06-07 23:06:56"),
    "z820": ("数据分析与挖掘方向（实习生）", "天睿信科技术（北京）有限公司", "成都", "薪资面议", "无经验", "学历不限", "2019-06-06 16:41:54"),
}

# ---- answer key, by hand: raw text -> lake value --------------------------------------------
M13, M14 = 13 / 12, 14 / 12
SALARY = {  # text -> (min CNY/month, max CNY/month, salary_months, null_reason)
    "7千-1.2万": (7000, 12000, None, None), "1-1.5万": (10000, 15000, None, None),
    "8千-1.5万·13薪": (8000 * M13, 15000 * M13, 13, None), "1-2万·13薪": (10000 * M13, 20000 * M13, 13, None),
    "1.2-2万·13薪": (12000 * M13, 20000 * M13, 13, None), "2-3万·13薪": (20000 * M13, 30000 * M13, 13, None),
    "1.3-2.5万·13薪": (13000 * M13, 25000 * M13, 13, None), "8千-1万": (8000, 10000, None, None),
    "7千-1万": (7000, 10000, None, None), "8千-1.3万·13薪": (8000 * M13, 13000 * M13, 13, None),
    "1-2万": (10000, 20000, None, None), "3-5万·13薪": (30000 * M13, 50000 * M13, 13, None),
    "4-8千": (4000, 8000, None, None), "18-36万/年": (15000, 30000, None, None),
    "7千-1.3万": (7000, 13000, None, None), "1.5-2.6万·14薪": (15000 * M14, 26000 * M14, 14, None),
    "7千-1.4万": (7000, 14000, None, None), "5-8千": (5000, 8000, None, None),
    "1.5-3万": (15000, 30000, None, None), "8千-1.5万": (8000, 15000, None, None),
    "1-1.2万": (10000, 12000, None, None), "4.5-9千": (4500, 9000, None, None),
    "9千-1.1万·13薪": (9000 * M13, 11000 * M13, 13, None), "1-1.6万": (10000, 16000, None, None),
    "8千-1.6万": (8000, 16000, None, None), "8千-1万·14薪": (8000 * M14, 10000 * M14, 14, None),
    "8千-1.2万·13薪": (8000 * M13, 12000 * M13, 13, None), "18-25万/年": (15000, 250000 / 12, None, None),
    "5千-1万": (5000, 10000, None, None), "110元/天": (110 * 21.75, 110 * 21.75, None, None),
    "1-1.8万": (10000, 18000, None, None), "7.8-15.6万/年": (6500, 13000, None, None),
    "8千-1.3万": (8000, 13000, None, None), "30-50万/年": (25000, 500000 / 12, None, None),
    "3-5千": (3000, 5000, None, None), "6千-1.2万": (6000, 12000, None, None),
    "3-4千": (3000, 4000, None, None), "1.5-3万·13薪": (15000 * M13, 30000 * M13, 13, None),
    "7-10万/年": (70000 / 12, 100000 / 12, None, None), "6千-1万": (6000, 10000, None, None),
    "3-6千": (3000, 6000, None, None), "80元/天": (80 * 21.75, 80 * 21.75, None, None),
    "1.5-2.5万": (15000, 25000, None, None), "6-8千·13薪": (6000 * M13, 8000 * M13, 13, None),
    "3千及以下": (None, 3000, None, None),
    "6K-10K": (6000, 10000, None, None), "4K-8K": (4000, 8000, None, None), "3K-5K": (3000, 5000, None, None),
    "20K-40K": (20000, 40000, None, None), "4K-6K": (4000, 6000, None, None),
    "10K-15K": (10000, 15000, None, None), "薪资面议": (None, None, None, "negotiable"),
    "3.5K-6K": (3500, 6000, None, None), "15K-23K": (15000, 23000, None, None),
    "15K-20K": (15000, 20000, None, None), "8K-15K": (8000, 15000, None, None), "6K-8K": (6000, 8000, None, None),
    "1.5千/天": (1500 * 21.75, 1500 * 21.75, None, None), "50元/天": (50 * 21.75, 50 * 21.75, None, None),
    "3万及以下/年": (None, 2500, None, None), "600元/天": (600 * 21.75, 600 * 21.75, None, None),
    "1-1.2万·13薪": (10000 * M13, 12000 * M13, 13, None),
    "1.5-3万·16薪": (15000 * 16 / 12, 30000 * 16 / 12, 16, None),
    "2-2.5万·15薪": (20000 * 15 / 12, 25000 * 15 / 12, 15, None),
}
EXPERIENCE = {"无需经验": 0, "3-4年": 3, "1年": 1, "2年": 2, "5-7年": 5, "8-9年": 8, "10年及以上": 10,
              "在校生/应届生": 0, "3年及以上": 3, "不限": 0, "1年以下": 0, "10年以上": 10, "5-10年": 5, "无经验": 0,
              "1-3年": 1, "1年及以上": 1, "5年及以上": 5, "3-5年": 3}
EDUCATION = {"本科": "本科", "大专": "大专", "硕士": "硕士", "高中": "高中", "中技/中专": "中专/中技",
             "中专": "中专/中技", "中技": "中专/中技", "学历不限": "不限"}
# GB/T 2260: the city's code, or the district's where the text names a district (both accepted).
CITY = {"郑州": "410100", "洛阳": "410300", "新乡": "410700", "许昌": "411000", "平顶山": "410400",
        "南阳": "411300", "安阳": "410500", "信阳": "411500", "武汉": "420100", "成都": "510100",
        "北京": "110100", "西安": "610100", "合肥": "340100", "大连": "210200"}
ALSO = {"北京": ["110000"]}  # a municipality: its province-level code is as right as 110100
DISTRICT = {"金水区": "410105", "中原区": "410102", "二七区": "410103", "管城回族区": "410104",
            "新郑市": "410184", "洛龙区": "410311", "武侯区": "510107",
            "雁塔区": "610113", "锦江区": "510104"}


def region_codes(place):
    """Accepted codes for a source place text (city, plus the district when one is named)."""
    city = next(c for c in CITY if c in place)
    codes = [CITY[city]] + ALSO.get(city, []) + [code for d, code in DISTRICT.items() if d in place]
    return codes


def expected(rid):
    title, company, place, salary, exp, edu, date = RAW[rid]
    lo, hi, months, reason = SALARY[salary]
    day = date[:10]
    row = {"id": rid, "title": title.strip(), "company": company, "region_code": region_codes(place),
           "salary_cny_month_min": lo, "salary_cny_month_max": hi,
           "experience_years": EXPERIENCE[exp], "posted_date": day, "year": int(day[:4])}
    if months:
        row["salary_months"] = months
    if reason:
        row["salary_null_reason"] = reason
    if edu:
        row["education"] = EDUCATION[edu]
    if lo is None and reason is None:
        del row["salary_cny_month_min"]  # one-sided range: only the bound stated is scored
    return row


def city_of(place):
    return next(c for c in CITY if c in place)


def district_of(place):
    return next((d for d in DISTRICT if d in place), "")


def wan_to_yuan(text):
    """'8千-1.5万' -> (8000, 15000): the figure re-rendered in the yuan form of the export."""
    core = text.split("·")[0]
    a, b = core.split("-")
    unit = {"千": 1000, "万": 10000}
    hb = float(b[:-1]) * unit[b[-1]]
    ha = float(a[:-1]) * unit[a[-1]] if a[-1] in unit else float(a) * unit[b[-1]]
    return int(ha), int(hb)


KEY = {}


def write_csv(name, header, rows, encoding="utf-8-sig", newline="\n", delim=","):
    import csv
    import io
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delim, lineterminator=newline)
    w.writerow(header)
    w.writerows(rows)
    (HERE / name).write_bytes(buf.getvalue().encode(encoding))


# f01: salary split into two numeric columns plus a unit column (a BI / 人社 system export).
def f01():
    ids = ["j2300", "j3394", "j2246", "j3384", "j2280", "j2309"]
    rows = []
    for rid in ids:
        t, c, p, s, e, d, date = RAW[rid]
        if s.endswith("/年"):
            a, b = s[:-3].split("-")
            lo, hi, unit = int(float(a) * 10000), int(float(b) * 10000), "元/年"
        elif s.endswith("元/天"):
            lo = hi = int(s[:-3])
            unit = "元/天"
        elif s == "4.5-9千":
            lo, hi, unit = 4.5, 9, "千元/月"
        else:
            (lo, hi), unit = wan_to_yuan(s), "元/月"
        place = f"{city_of(p)}市{district_of(p)}"
        rows.append([t, c, place, lo, hi, unit, d, e, date[:10].replace("-", "/")])
    write_csv("f01_split_salary.csv", ["职位名称", "单位名称", "工作地点", "最低薪资", "最高薪资", "薪资单位",
                                       "学历要求", "工作年限", "发布日期"], rows)
    KEY["f01_split_salary.csv"] = [expected(r) for r in ids]


# f02: 人社局 job-fair workbook, one sheet per 招聘会 date, the date only in the sheet name.
def f02():
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    sheets = {"2023年12月12日": ["j2265", "j2268", "j2279"], "2023年11月21日": ["j227", "j604", "j2269"]}
    key = []
    for name, ids in sheets.items():
        ws = wb.create_sheet(name)
        ws.append(["郑州市人力资源市场专场招聘会岗位信息表"])
        ws.merge_cells("A1:H1")
        ws.append(["序号", "用人单位", "招聘岗位", "学历要求", "工作经验", "月薪（元）", "工作地点", "备注"])
        for n, rid in enumerate(ids, 1):
            t, c, p, s, e, d, date = RAW[rid]
            lo, hi = wan_to_yuan(s)
            ws.append([n, c, t, d, e, f"{lo}-{hi}", f"郑州市{district_of(p)}", ""])
            row = expected(rid)
            row["posted_date"], row["year"] = {"2023年12月12日": "2023-12-12", "2023年11月21日": "2023-11-21"}[name], 2023
            key.append(row)
    wb.save(HERE / "f02_jobfair_sheets.xlsx")
    KEY["f02_jobfair_sheets.xlsx"] = key


# f03: crawled csv with relative 更新时间 ('15小时前', '1天前', '11-29') and a 采集时间 column.
def f03():
    crawl = "2023-12-12 20:00:00"
    rel = {"j2265": "15小时前", "j2300": "10小时前", "j695": "1天前", "j2267": "5天前", "j2259": "6天前", "j3381": "11-29"}
    rows = []
    for rid, when in rel.items():
        t, c, p, s, e, d, date = RAW[rid]
        place = city_of(p) + (f"·{district_of(p)}" if district_of(p) else "")
        rows.append([t, c, place, s, e, d, when, crawl])
    write_csv("f03_relative_dates.csv", ["岗位", "公司", "城市", "薪资", "经验", "学历", "更新时间", "采集时间"], rows)
    KEY["f03_relative_dates.csv"] = [expected(r) for r in rel]


# f04: scraper jsonl, salary and location as nested objects {min, max, unit, months}.
def f04():
    ids = ["j2271", "j2309", "j2303", "j2260", "j3386"]
    lines = []
    for rid in ids:
        t, c, p, s, e, d, date = RAW[rid]
        months = int(s.split("·")[1][:-1]) if "·" in s else None
        if s.endswith("/年"):
            a, b = s[:-3].split("-")
            sal = {"min": int(float(a) * 10000), "max": int(float(b) * 10000), "unit": "元/年"}
        elif s.endswith("元/天"):
            sal = {"min": int(s[:-3]), "max": int(s[:-3]), "unit": "元/天"}
        else:
            lo, hi = wan_to_yuan(s)
            sal = {"min": lo, "max": hi, "unit": "元/月"}
        if months:
            sal["months"] = months
        stamp = dt.datetime.fromisoformat(date).replace(tzinfo=TZ8).isoformat()
        lines.append(json.dumps({"job": {"title": t, "education": d, "experience": e}, "company": {"name": c},
                                 "salary": sal, "location": {"province": "河南省", "city": city_of(p) + "市",
                                                             "district": district_of(p) or None},
                                 "published_at": stamp}, ensure_ascii=False))
    (HERE / "f04_nested_salary.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    KEY["f04_nested_salary.jsonl"] = [expected(r) for r in ids]


# f05: xlsx with bilingual headers ('Job Title 职位名称'); dates as Excel date cells.
def f05():
    ids = ["j3379", "j3387", "j3391", "j3393", "j3392", "j3390"]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Postings 职位"
    ws.append(["Job Title 职位名称", "Company 公司名称", "City 城市", "Salary 薪资", "Education 学历",
               "Experience 工作经验", "Post Date 发布日期"])
    for rid in ids:
        t, c, p, s, e, d, date = RAW[rid]
        ws.append([t, c, p, s, d or None, e, dt.datetime.fromisoformat(date)])
        ws.cell(ws.max_row, 7).number_format = "yyyy-mm-dd hh:mm"
    wb.save(HERE / "f05_bilingual_header.xlsx")
    KEY["f05_bilingual_header.xlsx"] = [expected(r) for r in ids]


# f06: English csv from an international job board: 'Zhengzhou, Henan', 'CNY 10,000-20,000/month'.
def f06():
    ids = ["j2245", "j2286", "j2289", "j2302", "j2310", "j4419", "j3383"]
    edu = {"本科": "Bachelor's degree", "硕士": "Master's degree", "大专": "Associate degree"}
    exp = {"3-4年": "3-4 years", "2年": "2 years", "在校生/应届生": "Fresh graduate", "无需经验": "No experience required",
           "3年及以上": "3+ years", "1年": "1 year"}
    pinyin = {"郑州": "Zhengzhou, Henan", "洛阳": "Luoyang, Henan"}
    rows = []
    for rid in ids:
        t, c, p, s, e, d, date = RAW[rid]
        lo, hi = wan_to_yuan(s)
        sal = f"CNY {lo:,}-{hi:,}/month" + (f", {s.split('·')[1][:-1]} months" if "·" in s else "")
        rows.append([t, c, pinyin[city_of(p)], sal, edu[d], exp[e], date[:10]])
    write_csv("f06_english_location.csv", ["title", "company", "location", "salary", "education", "experience",
                                           "date_posted"], rows, encoding="utf-8")
    key = []
    for rid in ids:
        row = expected(rid)
        row["region_code"] = [CITY[city_of(RAW[rid][2])]]  # no district in the English text
        key.append(row)
    KEY["f06_english_location.csv"] = key


# f07: education and experience packed into one column ('本科|3-4年', order varying).
def f07():
    ids = ["j2254", "j2256", "j2264", "j2283", "j2297", "j2304"]
    rows = []
    for n, rid in enumerate(ids):
        t, c, p, s, e, d, date = RAW[rid]
        packed = f"{d}|{e}" if n % 2 == 0 else f"{e} | {d}"
        rows.append([t, c, "河南-" + city_of(p), s, packed, date[:10]])
    write_csv("f07_packed_requirements.csv", ["职位", "公司", "地区", "薪资", "学历|经验", "发布日期"], rows)
    key = []
    for rid in ids:
        row = expected(rid)
        row["region_code"] = [CITY[city_of(RAW[rid][2])]]
        key.append(row)
    KEY["f07_packed_requirements.csv"] = key


# f08: company and title in one cell ('公司-职位'), as copied from a list page.
def f08():
    ids = ["j2247", "j2248", "j2291", "j2293", "j2298", "j2299"]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["招聘信息", "薪资", "地点", "学历", "经验", "更新日期"])
    for rid in ids:
        t, c, p, s, e, d, date = RAW[rid]
        ws.append([f"{c}-{t}", s, p, d, e, date[:10]])
    wb.save(HERE / "f08_company_title_cell.xlsx")
    KEY["f08_company_title_cell.xlsx"] = [expected(r) for r in ids]


# f09: BOSS-style ndjson from a scraper, ASCII-escaped (\uXXXX), epoch-millisecond times.
def f09():
    boss = {"j2244": "20-30K·13薪", "j2255": "30-50K·13薪", "j2262": "10-20K·13薪", "j3396": "5-10K",
            "j3388": "5-10K", "j2307": "10-18K"}
    exp = {"在校生/应届生": "在校/应届", "无需经验": "经验不限"}
    lines = []
    for rid, sal in boss.items():
        t, c, p, s, e, d, date = RAW[rid]
        ms = int(dt.datetime.fromisoformat(date).replace(tzinfo=TZ8).timestamp() * 1000)
        lines.append(json.dumps({"jobName": t, "brandName": c, "cityName": city_of(p), "areaDistrict": district_of(p),
                                 "salaryDesc": sal, "jobExperience": exp.get(e, e), "jobDegree": d,
                                 "lastModifyTime": ms}, ensure_ascii=True))
    (HERE / "f09_boss_escaped.ndjson").write_text("\n".join(lines) + "\n", encoding="ascii")
    KEY["f09_boss_escaped.ndjson"] = [expected(r) for r in boss]


# f10: Excel "CSV" of Chinese Windows (cp936/GBK, which users call GB2312) with CRLF; places as '郑州-金水区' / '河南省洛阳市'.
def f10():
    ids = ["j2253", "j2257", "j3380", "j3385", "j4528", "j4116"]
    rows = []
    for rid in ids:
        t, c, p, s, e, d, date = RAW[rid]
        city = city_of(p)
        suffix = p[p.index(city) + len(city):]
        place = f"{city}-{suffix}" if suffix else f"{p}市"
        rows.append([t, c, place, s, d, e, date])
    write_csv("f10_gbk_crlf.csv", ["职位名称", "公司名称", "工作地点", "薪资", "学历", "经验", "发布时间"], rows,
              encoding="gbk", newline="\r\n")
    KEY["f10_gbk_crlf.csv"] = [expected(r) for r in ids]


# f11: Excel "Unicode 文本" (UTF-16LE with BOM, tab-separated) of 智联 postings.
def f11():
    ids = ["z8", "z13", "z51", "z121", "z246", "z413", "z640", "z683", "z820"]
    lines = ["职位名称\t公司名称\t工作城市\t职位月薪\t工作经验\t最低学历\t更新日期"]
    for rid in ids:
        t, c, p, s, e, d, date = RAW[rid]
        lines.append("\t".join([t, c, p, s, e, d, date]))
    (HERE / "f11_utf16_tab.txt").write_bytes(b"\xff\xfe" + ("\r\n".join(lines) + "\r\n").encode("utf-16-le"))
    KEY["f11_utf16_tab.txt"] = [expected(r) for r in ids]


# f12: a workbook saved as csv by a tool that wrote the dates as Excel serial numbers.
def f12():
    ids = ["j297", "j1097", "j1256", "j2086", "j4385", "j4430", "j4580"]
    rows = []
    for rid in ids:
        t, c, p, s, e, d, date = RAW[rid]
        stamp = dt.datetime.fromisoformat(date)
        serial = (stamp - dt.datetime(1899, 12, 30)) / dt.timedelta(days=1)
        rows.append([t, c, p, s, e, d, f"{serial:.6f}"])
    write_csv("f12_excel_serial_dates.csv", ["职位名称", "公司名称", "工作地点", "薪资", "经验要求", "学历要求",
                                             "发布日期"], rows)
    KEY["f12_excel_serial_dates.csv"] = [expected(r) for r in ids]


# f13: WPS/Excel export of 智联 postings: a title row above the header, 商圈 in the place
# ("成都·春熙路"), the platform's industry codes, and a "共10条记录" footer that is no posting.
INDUSTRY = {"z41": "160000,210500", "z56": "160000,210500,160200", "z400": "160400,160000",
            "z417": "160000,210500,160100", "z460": "160000,210500,160100", "z485": "160000,210500,160100",
            "z622": "160400,210500,160000", "z874": "201100,160400,210500,160000",
            "z938": "160000,160400,160500", "z1012": "160400,160000,160200"}
AREA = {"z41": "牛市口", "z400": "华阳", "z417": "春熙路", "z460": "春熙路", "z485": "跳伞塔", "z874": "武侯祠",
        "z938": "中和", "z1012": "浆洗街"}


def f13():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "职位列表"
    ws.append(["成都IT岗位导出（2019年6月）"])
    ws.merge_cells("A1:H1")
    ws.append(["职位名称", "公司名称", "所属行业", "工作地点", "薪资", "工作经验", "学历", "发布日期"])
    key = []
    for rid in INDUSTRY:
        t, c, p, s, e, d, date = RAW[rid]
        place = f"{p}·{AREA[rid]}" if rid in AREA else p
        ws.append([t, c, INDUSTRY[rid], place, s, e, d, dt.datetime.fromisoformat(date)])
        ws.cell(ws.max_row, 8).number_format = "yyyy/m/d h:mm"
        row = expected(rid)
        row["industry_raw"] = INDUSTRY[rid]
        key.append(row)
    ws.append([f"共{len(INDUSTRY)}条记录  导出时间：2019-06-08 21:00"])
    wb.save(HERE / "f13_wps_title_footer.xlsx")
    KEY["f13_wps_title_footer.xlsx"] = key


if __name__ == "__main__":
    for make in (f01, f02, f03, f04, f05, f06, f07, f08, f09, f10, f11, f12, f13):
        make()
    (HERE / "key.json").write_text(json.dumps(KEY, ensure_ascii=False, indent=1), encoding="utf-8")
    print(sum(len(v) for v in KEY.values()), "records in", len(KEY), "files")
