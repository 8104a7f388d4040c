-- The default village-level power list (村级小微权力清单) of 百丈镇-style practice. The party
-- secretary approves first; items touching collective assets, funds or contracts go on to the
-- township's agricultural-economy (三资) office, tenders also to the discipline inspector.
INSERT INTO seal_power_item (code, name_zh, name_en, seal_types, approval_chain, document_required, max_impressions, sort_order) VALUES
('certificate',        '开具证明',           'Issue a certificate',                     'VILLAGE_COMMITTEE,COMMUNITY_COMMITTEE', 'VILLAGE_SECRETARY', TRUE, 3, 1),
('residence-proof',    '居住证明',           'Proof of residence',                      'VILLAGE_COMMITTEE,COMMUNITY_COMMITTEE', 'VILLAGE_SECRETARY', TRUE, 2, 2),
('family-relation',    '亲属关系证明',       'Proof of family relationship',            'VILLAGE_COMMITTEE,COMMUNITY_COMMITTEE', 'VILLAGE_SECRETARY', TRUE, 2, 3),
('dibao-first-review', '低保申请初审',       'First review of a minimum-living-allowance application', 'VILLAGE_COMMITTEE', 'VILLAGE_SECRETARY,STREET_STAFF', TRUE, 3, 4),
('medical-aid',        '医疗救助申请',       'Medical assistance application',          'VILLAGE_COMMITTEE', 'VILLAGE_SECRETARY', TRUE, 3, 5),
('homestead',          '宅基地申请',         'Homestead application',                   'VILLAGE_COMMITTEE', 'VILLAGE_SECRETARY,STREET_STAFF', TRUE, 5, 6),
('house-building',     '农房建设审核',       'Rural house building review',             'VILLAGE_COMMITTEE', 'VILLAGE_SECRETARY,STREET_STAFF', TRUE, 5, 7),
('asset-lease',        '集体资产租赁',       'Lease of collective assets',              'ECONOMIC_COOP', 'VILLAGE_SECRETARY,STREET_STAFF', TRUE, 6, 8),
('land-transfer',      '土地流转',           'Land-use rights transfer',                'ECONOMIC_COOP', 'VILLAGE_SECRETARY,STREET_STAFF', TRUE, 6, 9),
('project-tender',     '工程项目招投标',     'Project tendering',                       'ECONOMIC_COOP,VILLAGE_COMMITTEE', 'VILLAGE_SECRETARY,STREET_STAFF,DISCIPLINE_INSPECTOR', TRUE, 10, 10),
('project-acceptance', '工程项目验收',       'Project acceptance',                      'ECONOMIC_COOP,VILLAGE_COMMITTEE', 'VILLAGE_SECRETARY,STREET_STAFF', TRUE, 6, 11),
('fund-expense',       '集体资金支出',       'Spending of collective funds',            'FINANCE,ECONOMIC_COOP', 'VILLAGE_SECRETARY,STREET_STAFF', TRUE, 4, 12),
('contract',           '合同签订',           'Signing a contract',                      'ECONOMIC_COOP,VILLAGE_COMMITTEE', 'VILLAGE_SECRETARY,STREET_STAFF', TRUE, 6, 13),
('procurement',        '物资采购',           'Procurement of goods',                    'ECONOMIC_COOP,FINANCE', 'VILLAGE_SECRETARY,STREET_STAFF', TRUE, 4, 14),
('subsidy',            '惠农补贴申报',       'Farm subsidy declaration',                'VILLAGE_COMMITTEE', 'VILLAGE_SECRETARY', TRUE, 3, 15),
('party-membership',   '党员组织关系转接',   'Transfer of party membership',            'PARTY_BRANCH', 'VILLAGE_SECRETARY', TRUE, 2, 16),
('party-recommend',    '入党推荐与政审',     'Party admission recommendation',          'PARTY_BRANCH', 'VILLAGE_SECRETARY', TRUE, 2, 17),
('meeting-minutes',    '村民代表会议决议',   'Resolution of the villagers'' representatives', 'VILLAGE_COMMITTEE,PARTY_BRANCH', 'VILLAGE_SECRETARY', TRUE, 3, 18),
('employment-proof',   '就业务工证明',       'Employment certificate',                  'VILLAGE_COMMITTEE,COMMUNITY_COMMITTEE', 'VILLAGE_SECRETARY', FALSE, 2, 19),
('introduction-letter','介绍信',             'Letter of introduction',                  'VILLAGE_COMMITTEE,PARTY_BRANCH,COMMUNITY_COMMITTEE', 'VILLAGE_SECRETARY', FALSE, 1, 20);
