-- The catalogue: kinds of request with their time limits, and routing rules
-- category × territory → responsible unit. Administrators change them; these are the defaults.
CREATE TABLE workorder_category (
  code                  VARCHAR(40) PRIMARY KEY,
  name_zh               VARCHAR(100) NOT NULL,
  name_en               VARCHAR(100) NOT NULL,
  description_zh        VARCHAR(500),
  description_en        VARCHAR(500),
  group_name            VARCHAR(60),
  active                BOOLEAN NOT NULL DEFAULT TRUE,
  default_priority      VARCHAR(10) NOT NULL DEFAULT 'GENERAL',
  accept_urgent_minutes INT NOT NULL DEFAULT 60,
  accept_general_hours  INT NOT NULL DEFAULT 24,
  reply_working_days    INT NOT NULL DEFAULT 5,
  attributes            TEXT NOT NULL DEFAULT '[]',
  sort_order            INT NOT NULL DEFAULT 0
);

-- territory_code: the rule applies in that node's subtree; the deepest matching rule wins.
CREATE TABLE workorder_routing_rule (
  id              BIGSERIAL PRIMARY KEY,
  category_code   VARCHAR(40) NOT NULL REFERENCES workorder_category (code),
  territory_code  VARCHAR(24) NOT NULL,
  unit            VARCHAR(200) NOT NULL,
  UNIQUE (category_code, territory_code)
);

INSERT INTO workorder_category (code, name_zh, name_en, description_zh, description_en, group_name, default_priority, reply_working_days, attributes, sort_order) VALUES
('gas-leak',        '燃气泄漏', 'Gas leak', '闻到燃气味、燃气管道或表具泄漏', 'Smell of gas, leaking pipe or meter', 'safety', 'URGENT', 2,
 '[{"code":"smell","datatype":"singlevaluelist","required":false,"descriptionZh":"是否闻到明显气味","descriptionEn":"Strong smell?","order":1,"values":[{"key":"strong","name":"明显 strong"},{"key":"faint","name":"轻微 faint"}]},{"code":"indoor","datatype":"singlevaluelist","required":false,"descriptionZh":"室内还是室外","descriptionEn":"Indoors or outdoors","order":2,"values":[{"key":"indoor","name":"室内 indoor"},{"key":"outdoor","name":"室外 outdoor"}]}]', 1),
('street-light',    '路灯损坏', 'Street light out', '路灯不亮、闪烁或灯杆损坏', 'Street light out, flickering or damaged pole', 'city', 'GENERAL', 5,
 '[{"code":"pole_number","datatype":"string","required":false,"descriptionZh":"灯杆编号","descriptionEn":"Pole number","order":1,"values":[]}]', 2),
('garbage',         '垃圾清运', 'Garbage collection', '垃圾未及时清运、垃圾桶满溢', 'Garbage not collected, bins overflowing', 'city', 'GENERAL', 5, '[]', 3),
('noise',           '噪音扰民', 'Noise nuisance', '施工、商铺、娱乐场所噪音', 'Noise from construction, shops or venues', 'order', 'GENERAL', 5,
 '[{"code":"source","datatype":"singlevaluelist","required":false,"descriptionZh":"噪音来源","descriptionEn":"Source","order":1,"values":[{"key":"construction","name":"施工 construction"},{"key":"shop","name":"商铺 shop"},{"key":"neighbour","name":"邻里 neighbour"}]}]', 4),
('road-damage',     '道路破损', 'Damaged road', '路面坑洼、井盖缺失或破损', 'Potholes, missing or broken manhole covers', 'city', 'GENERAL', 5, '[]', 5),
('illegal-parking', '违章停车', 'Illegal parking', '占用人行道、消防通道或出入口停车', 'Parking on pavements, fire lanes or entrances', 'order', 'GENERAL', 2,
 '[{"code":"plate","datatype":"string","required":false,"descriptionZh":"车牌号","descriptionEn":"Licence plate","order":1,"values":[]}]', 6),
('river-pollution', '河道污染', 'River pollution', '河面漂浮物、异味、排污口异常', 'Floating waste, smell, suspicious outfalls', 'water', 'GENERAL', 5, '[]', 7),
('drain-blocked',   '排水堵塞', 'Blocked drain', '下水道、雨水口堵塞或积水', 'Blocked sewer, gully or standing water', 'water', 'GENERAL', 5, '[]', 8),
('property',        '物业服务', 'Property management', '小区物业服务质量问题', 'Service of the property company', 'housing', 'GENERAL', 5, '[]', 9),
('house-leak',      '房屋漏水', 'Leaking building', '屋顶、外墙或管道漏水', 'Leaking roof, wall or pipes', 'housing', 'GENERAL', 15, '[]', 10),
('fire-lane',       '消防通道堵塞', 'Blocked fire lane', '消防通道被占用或堵塞', 'Fire lane obstructed', 'safety', 'URGENT', 2, '[]', 11),
('enterprise',      '企业诉求', 'Enterprise demand', '企业经营、用工、审批等诉求', 'Business, hiring or permit issues', 'enterprise', 'GENERAL', 15, '[]', 12),
('policy',          '政策咨询', 'Policy enquiry', '社保、医保、户籍等政策咨询', 'Questions about social insurance, residence and other policies', 'enquiry', 'GENERAL', 5, '[]', 13),
('sanitation',      '环境卫生', 'Sanitation', '公共区域脏乱、卫生死角', 'Dirty public spaces', 'city', 'GENERAL', 5, '[]', 14),
('other',           '其他', 'Other', '其他诉求', 'Anything else', 'other', 'GENERAL', 15, '[]', 99);

-- City-wide departments; anything without a rule falls back to the street/town of the place.
INSERT INTO workorder_routing_rule (category_code, territory_code, unit) VALUES
('gas-leak',        '330100', '杭州燃气集团 Hangzhou Gas'),
('street-light',    '330100', '城管局 City Management Bureau'),
('road-damage',     '330100', '城管局 City Management Bureau'),
('garbage',         '330100', '城管局 City Management Bureau'),
('drain-blocked',   '330100', '杭州水务集团 Hangzhou Water'),
('illegal-parking', '330100', '公安交警 Traffic Police'),
('river-pollution', '330100', '河长办 River Chief Office'),
('river-pollution', '330105012000', '石桥街道河长办 Shiqiao River Chief Office'),
('fire-lane',       '330100', '消防救援支队 Fire and Rescue');
