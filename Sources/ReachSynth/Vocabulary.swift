/// Word lists the campus is made of: Chinese names, colleges, post titles, comments.
enum Vocabulary {
    /// Common surnames, most frequent first (drawn with a skew towards the front).
    static let surnames: [String] = Array(
        "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
    ).map(String.init) + ["欧阳", "司马", "上官", "诸葛"]

    /// Characters of given names.
    static let givenCharacters: [String] = Array(
        "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬辉鹏飞宇浩然子涵梓轩欣怡雨萱思远博文佳琪一诺嘉豪俊熙晨阳若曦紫薇书瑶天佑泽宇雅婷昊天心怡晓东家乐嘉怡宏志雪梅建国志强"
    ).map(String.init)

    /// Colleges: full name and the two-character major abbreviation of its classes.
    static let colleges: [(name: String, major: String)] = [
        ("计算机科学与技术学院", "计科"), ("机械工程学院", "机械"), ("经济管理学院", "经管"),
        ("外国语学院", "外语"), ("材料科学与工程学院", "材料"), ("电气工程学院", "电气"),
        ("化学化工学院", "化工"), ("土木工程学院", "土木"), ("数学与统计学院", "数统"),
        ("物理与电子工程学院", "物电"), ("马克思主义学院", "马院"), ("法学院", "法学"),
        ("文学与新闻传播学院", "新传"), ("生命科学学院", "生科"), ("环境科学与工程学院", "环境"),
        ("建筑与艺术设计学院", "建筑"), ("信息与通信工程学院", "信通"), ("自动化学院", "自动"),
        ("能源与动力工程学院", "能动"), ("医学院", "医学"), ("公共管理学院", "公管"),
        ("体育学院", "体育"), ("音乐学院", "音乐"), ("软件学院", "软件"),
    ]

    /// Universities of a province-sized shape (more colleges than
    /// ``colleges`` names): full name and the short form its classes carry.
    static let universities: [(name: String, short: String)] = [
        ("江城大学", "江大"), ("海州大学", "海大"), ("岭南理工大学", "岭工"), ("云岭大学", "云大"),
        ("北川师范大学", "北师"), ("东陵医科大学", "东医"), ("西江财经大学", "西财"),
    ]

    /// Political status values (政治面貌) with their shares of the student body.
    static let statuses: [(value: String, weight: Double)] = [
        ("共青团员", 0.64), ("中共党员", 0.13), ("预备党员", 0.09), ("群众", 0.14),
    ]

    /// Topics that school-wide and branch posts are about.
    static let topics: [String] = [
        "习近平新时代中国特色社会主义思想", "党史学习教育", "新时代青年的责任与担当", "弘扬科学家精神",
        "乡村振兴在行动", "绿色低碳生活", "网络安全宣传周", "全民国家安全教育日", "传承五四精神",
        "学雷锋志愿服务", "红色家书诵读", "廉洁文化进校园", "心理健康教育", "考试诚信教育",
        "防范电信网络诈骗", "宪法宣传周", "劳动教育实践", "强国有我青春告白", "铭记历史 缅怀先烈",
        "党的二十大精神", "中华优秀传统文化", "校园安全知识", "就业创业政策解读", "科技创新与青年",
    ]

    /// Short comment texts; some hold commas, quotes or line breaks (quoted in CSV).
    static let comments: [String] = [
        "学习了，受益匪浅", "写得真好，点赞！", "不忘初心，牢记使命", "已学习", "收获很大",
        "支持, 我们班一起学习", "\"青年强则国家强\"，说得好", "第一条很有启发\n第二条也是", "打卡 ✅",
        "希望多组织这样的活动", "认真学习，做好笔记", "为祖国点赞👍",
    ]

    /// What members write under a post (评论内容, `--groups`): short, plain.
    static let commentTexts: [String] = [
        "学习了", "已学习，受益匪浅", "点赞！", "写得很好，学到了很多", "收到，认真学习", "不忘初心，牢记使命",
        "青年强则国家强", "为祖国点赞", "很有启发", "已转发班级群", "支持！", "打卡学习", "内容很实用，收藏了",
        "感谢分享", "希望多推送这样的内容", "学习笔记已整理", "牢记嘱托，砥砺前行", "致敬！", "认真学习，知行合一",
        "这期讲得特别清楚", "青春正当时", "学思践悟", "很受教育", "期待下一期",
    ]

    /// Longer, thoughtful comments — what the editors feature (精选) — are
    /// an opening and a thought (80 texts).
    static let featuredOpenings: [String] = [
        "读完很受触动，", "作为新时代青年，", "深有感触，", "结合专业学习来看，", "作为一名入党积极分子，",
        "和班里同学讨论后，", "反复读了两遍，", "看完视频和文章，",
    ]
    static let featuredThoughts: [String] = [
        "我们要把个人理想融入国家发展，在实践中不断成长。", "今后要从身边小事做起，做一名合格的共青团员。",
        "我打算在班里组织一次主题讨论。", "更能体会“奉献、友爱、互助、进步”的含义。",
        "我们要珍惜今天的幸福生活，努力学习报效祖国。", "觉得身边的同学就是最好的榜样。",
        "要把学到的道理用到学习和生活中去。", "科技创新靠青年，更要脚踏实地、勇攀高峰。",
        "希望学校多组织这样的实践活动。", "深感责任在肩，一定不负韶华。",
    ]

    /// Student organisations of the whole school with a group in the registry: name, group name.
    static let organisations: [(name: String, group: String)] = [
        ("校青年志愿者协会", "青年志愿者协会骨干群"), ("校学生会", "校学生会工作群"), ("校社团联合会", "社团联合会负责人群"),
        ("校大学生艺术团", "大学生艺术团排练群"), ("校团委宣传部", "校团委宣传部通讯员群"),
    ]

    /// Clubs whose groups pad a registry to a size (`--registry N`).
    static let clubs: [String] = [
        "摄影协会", "书法协会", "篮球社", "羽毛球社", "辩论队", "读书会", "机器人创新团队", "话剧社", "英语角",
        "天文爱好者协会", "心理健康协会", "国旗护卫队",
    ]

    /// Chinese numerals 1–99 for branch names (第三党支部).
    static func numeral(_ n: Int) -> String {
        let digits = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"]
        guard n > 0 && n < 100 else { return String(n) }
        if n < 10 { return digits[n] }
        let tens = n / 10, ones = n % 10
        return (tens == 1 ? "" : digits[tens]) + "十" + digits[ones]
    }
}
