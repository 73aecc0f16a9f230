-- Log analysis on millions of firings reads figures kept as the log is written instead of every firing: the firing
-- writer maintains these tables in the same transaction as the firing rows (io.log2.logs.RollupRows), and this
-- migration fills them from the firings already stored, with the same definitions.

-- The fixed log-scale buckets of consequence times (io.log2.logs.ConsequenceBuckets holds the same bounds): bucket
-- k holds durations from lower_nanos (inclusive) to upper_nanos (exclusive). Below 10 ns each bucket is 1 ns wide,
-- above each is a tenth of its lower bound wide, so a bucket's midpoint is within 5% of any duration in it; the
-- last bucket, from about 65 minutes, is open.
CREATE TABLE consequence_bucket (
    bucket      INTEGER PRIMARY KEY,
    lower_nanos BIGINT NOT NULL,
    upper_nanos BIGINT NOT NULL,
    CONSTRAINT uq_consequence_bucket_lower UNIQUE (lower_nanos)
);
INSERT INTO consequence_bucket (bucket, lower_nanos, upper_nanos) VALUES
    (0, 0, 1), (1, 1, 2), (2, 2, 3), (3, 3, 4), (4, 4, 5), (5, 5, 6),
    (6, 6, 7), (7, 7, 8), (8, 8, 9), (9, 9, 10), (10, 10, 11), (11, 11, 12),
    (12, 12, 13), (13, 13, 14), (14, 14, 15), (15, 15, 16), (16, 16, 17), (17, 17, 18),
    (18, 18, 19), (19, 19, 20), (20, 20, 22), (21, 22, 24), (22, 24, 26), (23, 26, 28),
    (24, 28, 30), (25, 30, 33), (26, 33, 36), (27, 36, 39), (28, 39, 42), (29, 42, 46),
    (30, 46, 50), (31, 50, 55), (32, 55, 60), (33, 60, 66), (34, 66, 72), (35, 72, 79),
    (36, 79, 86), (37, 86, 94), (38, 94, 103), (39, 103, 113), (40, 113, 124), (41, 124, 136),
    (42, 136, 149), (43, 149, 163), (44, 163, 179), (45, 179, 196), (46, 196, 215), (47, 215, 236),
    (48, 236, 259), (49, 259, 284), (50, 284, 312), (51, 312, 343), (52, 343, 377), (53, 377, 414),
    (54, 414, 455), (55, 455, 500), (56, 500, 550), (57, 550, 605), (58, 605, 665), (59, 665, 731),
    (60, 731, 804), (61, 804, 884), (62, 884, 972), (63, 972, 1069), (64, 1069, 1175), (65, 1175, 1292),
    (66, 1292, 1421), (67, 1421, 1563), (68, 1563, 1719), (69, 1719, 1890), (70, 1890, 2079), (71, 2079, 2286),
    (72, 2286, 2514), (73, 2514, 2765), (74, 2765, 3041), (75, 3041, 3345), (76, 3345, 3679), (77, 3679, 4046),
    (78, 4046, 4450), (79, 4450, 4895), (80, 4895, 5384), (81, 5384, 5922), (82, 5922, 6514), (83, 6514, 7165),
    (84, 7165, 7881), (85, 7881, 8669), (86, 8669, 9535), (87, 9535, 10488), (88, 10488, 11536), (89, 11536, 12689),
    (90, 12689, 13957), (91, 13957, 15352), (92, 15352, 16887), (93, 16887, 18575), (94, 18575, 20432), (95, 20432, 22475),
    (96, 22475, 24722), (97, 24722, 27194), (98, 27194, 29913), (99, 29913, 32904), (100, 32904, 36194), (101, 36194, 39813),
    (102, 39813, 43794), (103, 43794, 48173), (104, 48173, 52990), (105, 52990, 58289), (106, 58289, 64117), (107, 64117, 70528),
    (108, 70528, 77580), (109, 77580, 85338), (110, 85338, 93871), (111, 93871, 103258), (112, 103258, 113583), (113, 113583, 124941),
    (114, 124941, 137435), (115, 137435, 151178), (116, 151178, 166295), (117, 166295, 182924), (118, 182924, 201216), (119, 201216, 221337),
    (120, 221337, 243470), (121, 243470, 267817), (122, 267817, 294598), (123, 294598, 324057), (124, 324057, 356462), (125, 356462, 392108),
    (126, 392108, 431318), (127, 431318, 474449), (128, 474449, 521893), (129, 521893, 574082), (130, 574082, 631490), (131, 631490, 694639),
    (132, 694639, 764102), (133, 764102, 840512), (134, 840512, 924563), (135, 924563, 1017019), (136, 1017019, 1118720), (137, 1118720, 1230592),
    (138, 1230592, 1353651), (139, 1353651, 1489016), (140, 1489016, 1637917), (141, 1637917, 1801708), (142, 1801708, 1981878), (143, 1981878, 2180065),
    (144, 2180065, 2398071), (145, 2398071, 2637878), (146, 2637878, 2901665), (147, 2901665, 3191831), (148, 3191831, 3511014), (149, 3511014, 3862115),
    (150, 3862115, 4248326), (151, 4248326, 4673158), (152, 4673158, 5140473), (153, 5140473, 5654520), (154, 5654520, 6219972), (155, 6219972, 6841969),
    (156, 6841969, 7526165), (157, 7526165, 8278781), (158, 8278781, 9106659), (159, 9106659, 10017324), (160, 10017324, 11019056), (161, 11019056, 12120961),
    (162, 12120961, 13333057), (163, 13333057, 14666362), (164, 14666362, 16132998), (165, 16132998, 17746297), (166, 17746297, 19520926), (167, 19520926, 21473018),
    (168, 21473018, 23620319), (169, 23620319, 25982350), (170, 25982350, 28580585), (171, 28580585, 31438643), (172, 31438643, 34582507), (173, 34582507, 38040757),
    (174, 38040757, 41844832), (175, 41844832, 46029315), (176, 46029315, 50632246), (177, 50632246, 55695470), (178, 55695470, 61265017), (179, 61265017, 67391518),
    (180, 67391518, 74130669), (181, 74130669, 81543735), (182, 81543735, 89698108), (183, 89698108, 98667918), (184, 98667918, 108534709), (185, 108534709, 119388179),
    (186, 119388179, 131326996), (187, 131326996, 144459695), (188, 144459695, 158905664), (189, 158905664, 174796230), (190, 174796230, 192275853), (191, 192275853, 211503438),
    (192, 211503438, 232653781), (193, 232653781, 255919159), (194, 255919159, 281511074), (195, 281511074, 309662181), (196, 309662181, 340628399), (197, 340628399, 374691238),
    (198, 374691238, 412160361), (199, 412160361, 453376397), (200, 453376397, 498714036), (201, 498714036, 548585439), (202, 548585439, 603443982), (203, 603443982, 663788380),
    (204, 663788380, 730167218), (205, 730167218, 803183939), (206, 803183939, 883502332), (207, 883502332, 971852565), (208, 971852565, 1069037821), (209, 1069037821, 1175941603),
    (210, 1175941603, 1293535763), (211, 1293535763, 1422889339), (212, 1422889339, 1565178272), (213, 1565178272, 1721696099), (214, 1721696099, 1893865708), (215, 1893865708, 2083252278),
    (216, 2083252278, 2291577505), (217, 2291577505, 2520735255), (218, 2520735255, 2772808780), (219, 2772808780, 3050089658), (220, 3050089658, 3355098623), (221, 3355098623, 3690608485),
    (222, 3690608485, 4059669333), (223, 4059669333, 4465636266), (224, 4465636266, 4912199892), (225, 4912199892, 5403419881), (226, 5403419881, 5943761869), (227, 5943761869, 6538138055),
    (228, 6538138055, 7191951860), (229, 7191951860, 7911147046), (230, 7911147046, 8702261750), (231, 8702261750, 9572487925), (232, 9572487925, 10529736717), (233, 10529736717, 11582710388),
    (234, 11582710388, 12740981426), (235, 12740981426, 14015079568), (236, 14015079568, 15416587524), (237, 15416587524, 16958246276), (238, 16958246276, 18654070903), (239, 18654070903, 20519477993),
    (240, 20519477993, 22571425792), (241, 22571425792, 24828568371), (242, 24828568371, 27311425208), (243, 27311425208, 30042567728), (244, 30042567728, 33046824500), (245, 33046824500, 36351506950),
    (246, 36351506950, 39986657645), (247, 39986657645, 43985323409), (248, 43985323409, 48383855749), (249, 48383855749, 53222241323), (250, 53222241323, 58544465455), (251, 58544465455, 64398912000),
    (252, 64398912000, 70838803200), (253, 70838803200, 77922683520), (254, 77922683520, 85714951872), (255, 85714951872, 94286447059), (256, 94286447059, 103715091764), (257, 103715091764, 114086600940),
    (258, 114086600940, 125495261034), (259, 125495261034, 138044787137), (260, 138044787137, 151849265850), (261, 151849265850, 167034192435), (262, 167034192435, 183737611678), (263, 183737611678, 202111372845),
    (264, 202111372845, 222322510129), (265, 222322510129, 244554761141), (266, 244554761141, 269010237255), (267, 269010237255, 295911260980), (268, 295911260980, 325502387078), (269, 325502387078, 358052625785),
    (270, 358052625785, 393857888363), (271, 393857888363, 433243677199), (272, 433243677199, 476568044918), (273, 476568044918, 524224849409), (274, 524224849409, 576647334349), (275, 576647334349, 634312067783),
    (276, 634312067783, 697743274561), (277, 697743274561, 767517602017), (278, 767517602017, 844269362218), (279, 844269362218, 928696298439), (280, 928696298439, 1021565928282), (281, 1021565928282, 1123722521110),
    (282, 1123722521110, 1236094773221), (283, 1236094773221, 1359704250543), (284, 1359704250543, 1495674675597), (285, 1495674675597, 1645242143156), (286, 1645242143156, 1809766357471), (287, 1809766357471, 1990742993218),
    (288, 1990742993218, 2189817292539), (289, 2189817292539, 2408799021792), (290, 2408799021792, 2649678923971), (291, 2649678923971, 2914646816368), (292, 2914646816368, 3206111498004), (293, 3206111498004, 3526722647804),
    (294, 3526722647804, 3879394912584), (295, 3879394912584, 9223372036854775807);

-- Per run and rule: how often the rule fired in the run, and its first firing's place and time (first_hour: its
-- hour since 1970-01-01 UTC, the bucket of the firings-over-time series and the profiles). The patterns of a span
-- (firings over time, co-firing pairs, sequences, time-of-day and day-of-week profiles) need nothing else.
-- A run and rule belongs to a span when its first firing does.
CREATE TABLE run_rule (
    run_id      VARCHAR(36)  NOT NULL,
    rule        VARCHAR(255) NOT NULL,
    agent       VARCHAR(64)  NOT NULL,
    first_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    first_hour  BIGINT       NOT NULL,
    first_seq   INTEGER      NOT NULL,
    firings     INTEGER      NOT NULL,
    CONSTRAINT pk_run_rule PRIMARY KEY (run_id, rule)
);
-- Every column the patterns query reads, so that it is answered from the index alone over the span's range.
CREATE INDEX ix_run_rule_agent ON run_rule (agent, first_at, rule, run_id, first_seq, firings, first_hour);

-- Per run, rule and exception type (the class name a firing's error starts with, cut to 255 characters): how many
-- of the rule's firings in the run threw, the first and the last.
CREATE TABLE run_rule_error (
    run_id      VARCHAR(36)  NOT NULL,
    rule        VARCHAR(255) NOT NULL,
    failure     VARCHAR(255) NOT NULL,
    agent       VARCHAR(64)  NOT NULL,
    errors      INTEGER      NOT NULL,
    first_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    last_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_run_rule_error PRIMARY KEY (run_id, rule, failure)
);
CREATE INDEX ix_run_rule_error_agent ON run_rule_error (agent, first_at);

-- Per agent, rule, UTC day and consequence-time bucket: firings, the sum and the longest of their consequence
-- times. Summed over buckets these give a rule's count, mean and maximum; the counts per bucket its percentiles.
CREATE TABLE consequence_time (
    agent       VARCHAR(64)  NOT NULL,
    fired_on    DATE         NOT NULL,
    rule        VARCHAR(255) NOT NULL,
    bucket      INTEGER      NOT NULL,
    firings     BIGINT       NOT NULL,
    total_nanos BIGINT       NOT NULL,
    max_nanos   BIGINT       NOT NULL,
    CONSTRAINT pk_consequence_time PRIMARY KEY (agent, fired_on, rule, bucket)
);

INSERT INTO run_rule (run_id, rule, agent, first_at, first_hour, first_seq, firings)
SELECT run_id, rule, MIN(agent), MIN(fired_at), CAST(FLOOR(EXTRACT(EPOCH FROM MIN(fired_at)) / 3600) AS BIGINT), MIN(seq),
    COUNT(*) FROM firing GROUP BY run_id, rule;

INSERT INTO run_rule_error (run_id, rule, failure, agent, errors, first_at, last_at)
SELECT run_id, rule, failure, MIN(agent), COUNT(*), MIN(fired_at), MAX(fired_at) FROM (
    SELECT run_id, rule, agent, fired_at, SUBSTRING(CASE WHEN POSITION(':' IN error) > 0
        THEN SUBSTRING(error FROM 1 FOR POSITION(':' IN error) - 1) ELSE error END FROM 1 FOR 255) AS failure
    FROM firing WHERE error IS NOT NULL) e
GROUP BY run_id, rule, failure;

INSERT INTO consequence_time (agent, fired_on, rule, bucket, firings, total_nanos, max_nanos)
SELECT agent, fired_on, rule, bucket, COUNT(*), SUM(duration_nanos), MAX(duration_nanos) FROM (
    SELECT f.agent, CAST(f.fired_at AT TIME ZONE 'UTC' AS DATE) AS fired_on, f.rule, f.duration_nanos,
        (SELECT b.bucket FROM consequence_bucket b WHERE b.lower_nanos <= GREATEST(f.duration_nanos, 0)
         ORDER BY b.lower_nanos DESC FETCH FIRST 1 ROW ONLY) AS bucket
    FROM firing f) t
GROUP BY agent, fired_on, rule, bucket;
