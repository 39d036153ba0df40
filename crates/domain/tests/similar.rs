//! The table that sets `similar::THRESHOLD`: pairs of suggestion titles and texts as
//! deputies write them, labelled "same matter" or not. The threshold must find every
//! same-matter pair and no other; the test prints each pair's score so a new pair that
//! moves the threshold shows why.

use lvzhi_domain::handling::similar::{THRESHOLD, matter_of, similarity};

/// (same matter?, first, second) — each text is "title｜body".
const PAIRS: [(bool, &str, &str); 34] = [
    (
        true,
        "关于老旧小区加装电梯的建议｜建议有关部门加强老旧小区加装电梯工作",
        "老楼装电梯难｜既有住宅增设电梯审批慢、补贴少，老旧小区加装电梯推进缓慢",
    ),
    (
        true,
        "关于社区停车难的建议｜居民停车位严重不足",
        "缓解小区停车难问题｜老旧社区停车位缺口大，夜间乱停车",
    ),
    (
        true,
        "关于农村饮水安全的建议｜部分村组饮水水质不达标",
        "保障农村群众饮水安全｜山区农村饮水工程老化，水质不稳定",
    ),
    (
        true,
        "关于中小学课后服务的建议｜课后服务时间与家长下班时间不衔接",
        "完善中小学课后托管服务｜双职工家庭孩子放学后无人照看，课后服务内容单一",
    ),
    (
        true,
        "关于城乡医保衔接的建议｜外出务工人员医保转移接续难",
        "城乡居民医保转移接续｜农民工异地就医报销难，医保关系转移手续繁琐",
    ),
    (
        true,
        "关于背街小巷整治的建议｜背街小巷路面破损、照明不足",
        "整治背街小巷环境｜老城区背街小巷垃圾乱堆、路灯损坏",
    ),
    (
        true,
        "关于长江岸线生态修复的建议｜岸线消落带植被破坏",
        "加快长江岸线生态修复｜长江沿岸消落带治理和岸线复绿进展慢",
    ),
    (
        true,
        "关于山地城市交通拥堵治理的建议｜早晚高峰主干道拥堵",
        "缓解主城区交通拥堵｜山地城市道路狭窄，高峰时段交通拥堵严重",
    ),
    (
        true,
        "关于养老服务设施建设的建议｜社区养老服务设施不足",
        "加强社区养老服务设施建设｜街道养老服务中心覆盖不够，床位紧张",
    ),
    (
        true,
        "关于营商环境优化的建议｜企业办事环节多",
        "持续优化营商环境｜中小企业反映审批环节多、营商环境有待改善",
    ),
    (
        true,
        "关于农村公路养护的建议｜村道损坏无人养护",
        "加强农村公路日常养护｜农村公路养护资金不足，路面坑洼",
    ),
    (
        true,
        "关于食品安全监管的建议｜校园周边小摊贩食品安全隐患",
        "加强校园周边食品安全监管｜学校周边流动摊点食品卫生差",
    ),
    (
        true,
        "关于职业教育发展的建议｜职业院校专业设置与产业脱节",
        "推动职业教育高质量发展｜职业院校实训条件差，专业与企业需求不匹配",
    ),
    (
        true,
        "关于增设公交线路的建议｜新建小区没有公交线路",
        "新区居民出行难｜新建小区周边公交线路少，出行不便，建议增设公交线路",
    ),
    (
        true,
        "关于垃圾分类的建议｜小区垃圾分类设施不全",
        "推进生活垃圾分类｜居民小区垃圾分类投放点少，分类收运不到位",
    ),
    (
        true,
        "关于学校周边交通安全的建议｜上下学时段校门口拥堵",
        "改善校门口交通秩序｜学校周边上下学时段车辆乱停，交通安全隐患大",
    ),
    (
        true,
        "关于农村污水治理的建议｜农村生活污水直排",
        "加快农村生活污水处理设施建设｜村里生活污水直排河沟",
    ),
    (
        false,
        "关于老旧小区加装电梯的建议｜建议加强老旧小区加装电梯工作",
        "关于社区停车难的建议｜建议加强社区停车难工作",
    ),
    (
        false,
        "关于农村饮水安全的建议｜建议明确责任分工和完成时限",
        "关于农村公路养护的建议｜建议明确责任分工和完成时限",
    ),
    (
        false,
        "关于中小学课后服务的建议｜课后服务时间不衔接",
        "关于职业教育发展的建议｜职业院校专业设置与产业脱节",
    ),
    (
        false,
        "关于城乡医保衔接的建议｜医保转移接续难",
        "关于养老服务设施建设的建议｜社区养老服务设施不足",
    ),
    (
        false,
        "关于背街小巷整治的建议｜路面破损",
        "关于长江岸线生态修复的建议｜岸线植被破坏",
    ),
    (
        false,
        "关于山地城市交通拥堵治理的建议｜主干道拥堵",
        "关于营商环境优化的建议｜企业办事环节多",
    ),
    (
        false,
        "关于食品安全监管的建议｜校园周边食品安全隐患",
        "关于学校周边交通安全的建议｜校门口拥堵",
    ),
    (
        false,
        "关于增设公交线路的建议｜新建小区没有公交线路",
        "关于社区停车难的建议｜小区停车位不足",
    ),
    (
        false,
        "关于垃圾分类的建议｜小区垃圾分类设施不全",
        "关于老旧小区加装电梯的建议｜老旧小区没有电梯",
    ),
    (
        false,
        "关于农村污水治理的建议｜生活污水直排",
        "关于农村饮水安全的建议｜饮水水质不达标",
    ),
    (
        false,
        "关于加强乡村振兴产业发展的建议｜产业基础薄弱",
        "关于加强农村公路养护的建议｜村道损坏",
    ),
    (
        false,
        "关于推进智慧医疗的建议｜医院挂号排队时间长",
        "关于推进智慧交通的建议｜红绿灯配时不合理",
    ),
    (
        false,
        "关于进一步完善社区治理的建议｜社区工作者负担重",
        "关于进一步完善职业教育的建议｜实训条件差",
    ),
    (
        false,
        "关于提高退休人员养老金的建议｜待遇偏低",
        "关于提高中小学教师待遇的建议｜教师工资偏低",
    ),
    (
        false,
        "关于保护历史文化街区的建议｜老街被拆",
        "关于发展夜间经济的建议｜夜市管理不规范",
    ),
    (
        false,
        "关于加强河道整治的建议｜河道淤积",
        "关于加强网络诈骗防范的建议｜老年人受骗多",
    ),
    (
        false,
        "关于完善农村电商物流的建议｜快递进村难",
        "关于完善城市停车收费的建议｜收费标准不统一",
    ),
];

fn score(first: &str, second: &str) -> f64 {
    let split = |t: &str| {
        let (title, body) = t.split_once('｜').unwrap_or((t, ""));
        matter_of(title, body)
    };
    similarity(&split(first), &split(second))
}

#[test]
fn the_threshold_finds_every_same_matter_pair_and_no_other() {
    let mut wrong = Vec::new();
    let (mut lowest_hit, mut highest_miss) = (f64::MAX, f64::MIN);
    for (same, first, second) in PAIRS {
        let score = score(first, second);
        println!("{score:.3} {} {first} / {second}", if same { "same " } else { "other" });
        if same {
            lowest_hit = lowest_hit.min(score);
        } else {
            highest_miss = highest_miss.max(score);
        }
        if (score >= THRESHOLD) != same {
            wrong.push(format!("{score:.3} {same} {first} / {second}"));
        }
    }
    println!(
        "lowest same-matter score {lowest_hit:.3}, highest other-matter score {highest_miss:.3}, threshold {THRESHOLD}"
    );
    assert!(wrong.is_empty(), "misjudged pairs:\n{}", wrong.join("\n"));
    assert!(PAIRS.len() >= 30);
}
