#!/usr/bin/env python3
"""Generates the demo territory of Hangzhou (src/main/resources/demo/*.csv).

District codes are GB/T 2260; 百丈镇 and 盈丰街道 carry the statistical codes given in the brief.
Everything this script could not confirm (other street codes, most community names, all grids,
compounds, buildings and people) is flagged demo=true so the UI can say so.
Deterministic: re-running gives the same files.
"""
import csv, random, os

random.seed(2026)
OUT = os.path.join(os.path.dirname(__file__), '..', 'src', 'main', 'resources', 'demo')
os.makedirs(OUT, exist_ok=True)

nodes = []   # code,name,level,parent_code,lat,lng,demo
people = []  # node_code,name,duty,phone,username,demo

def node(code, name, level, parent, lat, lng, demo):
    nodes.append([code, name, level, parent or '', f'{lat:.5f}' if lat else '', f'{lng:.5f}' if lng else '', 'true' if demo else 'false'])

SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'
GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉梅晓东海燕文斌林萍颖宇浩凯'
def person_name():
    return random.choice(SURNAMES) + ''.join(random.choice(GIVEN) for _ in range(random.choice([1, 2])))
def phone():
    return '1' + random.choice('3589') + ''.join(random.choice('0123456789') for _ in range(9))
def person(code, duty, username=''):
    people.append([code, person_name(), duty, phone(), username, 'true'])

node('330100', '杭州市', 'CITY', None, 30.27415, 120.15515, False)
person('330100', '市级联络员')

DISTRICTS = [
    ('330102', '上城区', 30.24260, 120.16937), ('330105', '拱墅区', 30.31949, 120.14180),
    ('330106', '西湖区', 30.25925, 120.13012), ('330108', '滨江区', 30.20835, 120.21194),
    ('330109', '萧山区', 30.18376, 120.26457), ('330110', '余杭区', 30.41883, 120.29993),
    ('330111', '富阳区', 30.04918, 119.96044), ('330112', '临安区', 30.23383, 119.72473),
    ('330113', '临平区', 30.41917, 120.29920), ('330114', '钱塘区', 30.32290, 120.49340),
    ('330122', '桐庐县', 29.79743, 119.68519), ('330127', '淳安县', 29.60899, 119.04227),
    ('330182', '建德市', 29.47469, 119.28156),
]
for code, name, lat, lng in DISTRICTS:
    node(code, name, 'DISTRICT', '330100', lat, lng, False)
    person(code, '区级联络员')

# street code, name, district, centre, communities [(name, demo)], compounds, buildings, confirmed-code
STREETS = [
    ('330102014000', '四季青街道', '330102', (30.26050, 120.20560),
     [('钱运社区', False)] + [(n, True) for n in ['常青社区', '三新社区', '五福社区', '庆春东社区', '钱江苑社区', '新塘社区',
                                                  '观音塘社区', '江锦社区', '杭海社区', '凯旋社区']], 47, 109, False),
    ('330110112000', '百丈镇', '330110', (30.52310, 119.82120),
     [('仙岩村', False)] + [(n, True) for n in ['百丈村', '半山村', '溪口村', '泗溪村', '石竹园村', '百丈社区']], 0, 0, True),
    ('330105012000', '石桥街道', '330105', (30.33650, 120.19020),
     [(n, True) for n in ['石桥社区', '华丰社区', '杨家社区', '永丰社区', '沈家社区', '三宝社区', '方家社区', '华中社区',
                          '南星社区', '新竹社区']], 20, 12, False),
    ('330111004000', '东洲街道', '330111', (30.06930, 120.02410),
     [(n, True) for n in ['东洲社区', '黄公望村', '五丰村', '新沙村', '沙田村', '红旗村']], 6, 30, False),
    ('330109015000', '盈丰街道', '330109', (30.22310, 120.24050),
     [(n, True) for n in ['盈丰社区', '丰北社区', '新联社区', '坞里社区', '仙家社区', '钱江世纪城社区']], 12, 25, True),
    ('330182004000', '更楼街道', '330182', (29.46500, 119.26200),
     [('更化社区', False)] + [(n, True) for n in ['于合社区', '新安社区', '甘溪村', '石郭村']], 4, 2, False),
]

BUILDING_WORDS = ['钱江', '凯旋', '新城', '之江', '运河', '四季', '金融', '科创', '云谷', '望江', '市民', '国际']
COMPOUND_WORDS = ['家园', '花苑', '公寓', '新村', '嘉园', '雅苑', '名邸', '锦苑', '府', '里']
ROOTS = ['常青', '三新', '五福', '钱潮', '江锦', '观澜', '景湖', '春江', '新塘', '杭海', '凯旋', '近江', '江城', '采荷', '秋涛', '明月', '清风', '和睦', '东方', '万家']

for scode, sname, dcode, (lat, lng), communities, ncompounds, nbuildings, confirmed in STREETS:
    node(scode, sname, 'STREET', dcode, lat, lng, not confirmed)
    person(scode, '街道负责人')
    person(scode, '三方办主任' if sname == '四季青街道' else '综治办主任')
    prefix = scode[:9]
    ccodes = []
    for i, (cname, cdemo) in enumerate(communities, start=1):
        ccode = f'{prefix}{i:03d}'
        ccodes.append(ccode)
        clat, clng = lat + random.uniform(-0.018, 0.018), lng + random.uniform(-0.018, 0.018)
        node(ccode, cname, 'COMMUNITY', scode, clat, clng, cdemo)
        person(ccode, '村党组织书记' if cname.endswith('村') else '社区书记')
        person(ccode, '社区主任' if not cname.endswith('村') else '村文书')
        for g in range(1, 4):
            gcode = f'{ccode}{g:03d}'
            glat, glng = clat + random.uniform(-0.004, 0.004), clng + random.uniform(-0.004, 0.004)
            node(gcode, f'{cname}第{g}网格', 'GRID', ccode, glat, glng, True)
            person(gcode, '专职网格员')
            for m in range(1, 3):
                mcode = f'{gcode}{m:03d}'
                node(mcode, f'{cname}第{g}网格{m}号楼', 'MICRO_GRID', gcode,
                     glat + random.uniform(-0.001, 0.001), glng + random.uniform(-0.001, 0.001), True)
                person(mcode, '微网格长')
    # compounds and commercial buildings spread round-robin over the communities
    used = set()
    for k in range(ncompounds):
        ccode = ccodes[k % len(ccodes)]
        n = sum(1 for x in nodes if x[3] == ccode and x[2] == 'COMPOUND') + 1
        while True:
            nm = random.choice(ROOTS) + random.choice(COMPOUND_WORDS)
            if nm not in used: used.add(nm); break
        clat = float([x for x in nodes if x[0] == ccode][0][4]); clng = float([x for x in nodes if x[0] == ccode][0][5])
        node(f'{ccode}R{n:03d}', nm, 'COMPOUND', ccode, clat + random.uniform(-0.003, 0.003), clng + random.uniform(-0.003, 0.003), True)
        person(f'{ccode}R{n:03d}', '小区党支部书记')
        person(f'{ccode}R{n:03d}', '业委会主任')
        person(f'{ccode}R{n:03d}', '物业项目经理')
    for k in range(nbuildings):
        ccode = ccodes[k % len(ccodes)]
        n = sum(1 for x in nodes if x[3] == ccode and x[2] == 'COMMERCIAL_BUILDING') + 1
        nm = f'{random.choice(BUILDING_WORDS)}{random.choice(["大厦", "中心", "广场", "大楼", "商务楼"])}{n}号'
        clat = float([x for x in nodes if x[0] == ccode][0][4]); clng = float([x for x in nodes if x[0] == ccode][0][5])
        node(f'{ccode}B{n:03d}', nm, 'COMMERCIAL_BUILDING', ccode, clat + random.uniform(-0.003, 0.003), clng + random.uniform(-0.003, 0.003), True)
        person(f'{ccode}B{n:03d}', '楼宇联络员')

with open(os.path.join(OUT, 'territory-hangzhou.csv'), 'w', newline='', encoding='utf-8') as f:
    w = csv.writer(f, lineterminator='\n')
    w.writerow(['code', 'name', 'level', 'parent_code', 'lat', 'lng', 'demo'])
    w.writerows(nodes)
with open(os.path.join(OUT, 'territory-people.csv'), 'w', newline='', encoding='utf-8') as f:
    w = csv.writer(f, lineterminator='\n')
    w.writerow(['node_code', 'name', 'duty', 'phone', 'username', 'demo'])
    w.writerows(people)
print(len(nodes), 'nodes,', len(people), 'people')
