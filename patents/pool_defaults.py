"""The six pools the platform starts with (seed 001 三(一)5③, seed 003), created by migration 0002.

Operators edit the rules afterwards on the pool pages; these are a starting point chosen from the
IPC scheme (subclasses named for each industry) plus the industry's common Chinese terms. Broad
subclasses (H01M covers every battery, G08G every kind of traffic) are narrowed by words.
"""

POOLS = [
    {
        "slug": "hydrogen",
        "name": "氢能",
        "chain": "hydrogen",
        "order": 1,
        "description": "制氢、储运、加注与燃料电池。",
        "description_en": "Hydrogen production, storage and transport, refuelling, and fuel cells.",
        "ipc_rules": "C01B3\nC25B1/04\nH01M8\nC01B: 氢\nC25B: 氢, 电解水, 电解槽\nF17C: 氢\nH01M: 燃料电池, 氢\nB60L: 氢, 燃料电池",
        "keyword_rules": "氢能\n制氢\n储氢\n加氢站\n氢燃料\n燃料电池\n电解水\n输氢\n氢气+储",
        "exclude_keywords": "",
    },
    {
        "slug": "photovoltaic",
        "name": "光伏",
        "chain": "photovoltaic",
        "order": 2,
        "description": "光伏材料、电池片、组件、电站与运维。",
        "description_en": "Photovoltaic materials, cells, modules, power plants and their operation.",
        "ipc_rules": "H02S\nH10F\nH01L31\nH01L: 光伏, 太阳能, 电池片, 硅片\nC30B: 硅, 光伏\nH02J: 光伏",
        "keyword_rules": "光伏\n太阳能电池\n太阳电池\n太阳能组件\n钙钛矿+电池\n异质结电池",
        "exclude_keywords": "",
    },
    {
        "slug": "connected-vehicles",
        "name": "智能网联汽车",
        "chain": "connected-vehicles",
        "order": 3,
        "description": "自动驾驶、车路协同、车联网与智能座舱。",
        "description_en": "Autonomous driving, vehicle–road cooperation, the Internet of Vehicles and smart cockpits.",
        "ipc_rules": "B60W\nG08G1\nG08G: 车, 驾驶, 道路, 停车, 泊车\nG05D1: 车辆, 驾驶",
        "keyword_rules": "自动驾驶\n智能网联\n车联网\n无人驾驶\n车路协同\n辅助驾驶\n智能驾驶\n自动泊车",
        "exclude_keywords": "",
    },
    {
        "slug": "drones",
        "name": "无人机",
        "chain": "drones",
        "order": 4,
        "description": "无人驾驶航空器及其动力、飞控、载荷与应用。",
        "description_en": "Unmanned aircraft: propulsion, flight control, payloads and applications.",
        "ipc_rules": "B64U\nB64C\nB64D: 无人机, 飞行器\nG05D: 无人机, 飞行器\nG08G5",
        "keyword_rules": "无人机\n无人飞行器\n旋翼飞行器\n多旋翼",
        "exclude_keywords": "",
    },
    {
        "slug": "ai",
        "name": "人工智能",
        "chain": "ai",
        "order": 5,
        "description": "机器学习、计算机视觉、知识工程与智能应用。",
        "description_en": "Machine learning, computer vision, knowledge engineering and intelligent applications.",
        "ipc_rules": "G06N\nG06V",
        "keyword_rules": "人工智能\n深度学习\n神经网络\n机器学习\n知识图谱\n大模型\n强化学习\n图像识别\n目标检测\n语义分割",
        "exclude_keywords": "",
    },
    {
        "slug": "biomedicine",
        "name": "生物医药",
        "chain": "biomedicine",
        "order": 6,
        "description": "药物、生物制品、基因与细胞技术、医疗器械与医疗信息。",
        "description_en": "Drugs, biologics, gene and cell technologies, medical devices and medical informatics.",
        "ipc_rules": "A61K\nA61P\nC12N\nC07K\nC12Q\nA61B\nG16H",
        "keyword_rules": "生物医药\n抗体\n疫苗\n药物组合物\n细胞治疗\n基因治疗",
        "exclude_keywords": "",
    },
]
