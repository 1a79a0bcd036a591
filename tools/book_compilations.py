"""The book's own editorial tables, written for the book (CC BY 4.0).

``tools/build_data.py`` combines these with the team's research files to
write three datasets:

- ``essay_claims.csv`` (the claims register): the fact-check's claim numbers,
  sections, verdicts and sources are parsed from ``factcheck.md``; what each
  claim says and what is the case are paraphrased here in the book's own words
  (``CLAIM_TEXT``), so that the register never copies the essay's sentences.
- ``essay_expectations.csv`` (Chapter 6): what the essay expected after 2020,
  and the book's assessment with the events and datasets that support it.
- ``argument_map.csv`` (Chapter 7): the main claims of the essay's
  conclusion and the evidence for and against each.

Every claim number, event number and dataset named here is checked against
the register, ``data/events.csv`` and ``data/datapackage.json`` when the data
are built, so a typo fails the build instead of reaching a reader.
"""

from __future__ import annotations

# ---------------------------------------------------------------------------
# The claims register
# ---------------------------------------------------------------------------

# claim number -> (what the essay claims, what is the case), both in the book's
# own words. Short quoted phrases from the essay are marked with quotation marks.
CLAIM_TEXT: dict[int, tuple[str, str]] = {
    1: (
        "China announced the Belt and Road in 2013.",
        "True. Xi Jinping proposed the overland Silk Road Economic Belt in Astana (7 Sep 2013) and the "
        "Maritime Silk Road in Jakarta (3 Oct 2013); the essay names neither place nor date.",
    ),
    2: (
        'The initiative rests on a principle of "extensive consultation and shared benefits".',
        "China's official wording lists three elements, consultation, joint contribution and shared "
        "benefits (共商共建共享). Joint contribution is missing from the essay's version.",
    ),
    3: (
        'The initiative offers a chance to build a "community of common destiny" for humanity.',
        'The official English term is "community with a shared future for mankind" (人类命运共同体); the '
        "essay's wording is a loose translation.",
    ),
    4: (
        "The Belt and Road makes China the geopolitical and geo-economic centre of Asia and further afield.",
        "An interpretation given without a source, and at odds with Xi's own statement in 2018 that the "
        "initiative is not a geopolitical alliance.",
    ),
    5: (
        "The initiative aims to connect the economies of Asia, Europe and Africa.",
        "This matches how the initiative is officially described.",
    ),
    6: (
        "Japan moved from refusing to cooperate to taking an active part in the Belt and Road (the Conclusion "
        "repeats this as a turn from negative to positive).",
        "Japan did warm towards the initiative, but only on conditions: Abe's 2017 tests of openness, fair "
        "procurement, economic viability and repayable debt; a case-by-case approach from 2018; cooperation "
        "mostly by private firms in third countries; no AIIB membership. By April 2019 Nikkei reported that "
        "Tokyo was keeping its distance again.",
    ),
    7: (
        "China and Japan are the world's second- and third-largest economies.",
        "True from 2010, when China passed Japan, until 2023, when Germany passed Japan in GDP in US dollars. "
        "Out of date for a reader today.",
    ),
    8: (
        "The initiative seeks a community of shared interests among Silk Road countries, built on political "
        "trust, economic integration and cultural inclusiveness.",
        'The wording comes from China\'s official plan of 28 Mar 2015, "Vision and Actions". The essay cites '
        "a 2016 article about Japan and Central Asia instead of that document.",
    ),
    9: (
        "A long quotation from Xi Jinping at the symposium for the Belt and Road's fifth anniversary.",
        "The symposium took place (27 Aug 2018) and parts of the quotation match Xinhua's account, but that "
        "account reports the speech indirectly, not word for word. The opening lines could not be traced to "
        "this speech, one sentence reverses the logic (the initiative is the platform, the community the aim), "
        "and no source is given.",
    ),
    10: (
        'After the Soviet Union fell, Western "economies" such as the WTO and the World Bank dominated the '
        "world order.",
        "The WTO and the World Bank are institutions, not economies. The World Bank dates from 1944; the WTO "
        "only began in 1995, replacing the GATT.",
    ),
    11: (
        'A new wave of globalisation from the 1990s let emerging economies rise, led by China, "the largest '
        'developing country".',
        'A broad framing rather than a checkable statement. "Largest developing country" is how China\'s '
        "government describes the country.",
    ),
    12: (
        "China joined the World Trade Organization in 2001.",
        "True: China became the WTO's 143rd member on 11 Dec 2001, fifteen years after applying.",
    ),
    13: (
        "Foreign trade after joining the WTO drove more than a decade of fast growth.",
        "Broadly true: China's goods trade grew about ninefold between 2001 and 2018, and China became the "
        "world's largest goods exporter in 2009.",
    ),
    14: (
        'Between 2000 and 2019 China\'s GDP "increased by 10.6 times", the United States\' "only doubled" '
        'and Japan\'s "barely changed".',
        'The direction is right in current US dollars, but the exact figure cannot be traced, "increased by '
        '10.6 times" can be read two ways, and the essay names neither its measure nor its data. Chapter 1 '
        "recomputes the ratios from World Bank data.",
    ),
    15: (
        "Before 2017 Japan had three doubts: China's strategic aims, the threat to its own market share, and "
        "China's ability to run the projects without bad loans.",
        "The paragraph closely translates a 2018 article by two Chinese scholars, not Japanese sources, and "
        "narrows that article's \"US–Japan\" regional influence to Japan's alone. Japan's own stated concerns "
        "in 2015 were about how the AIIB would be governed.",
    ),
    16: (
        "Japan did not take part when the AIIB agreement was signed in June 2015.",
        "True: 50 of the 57 prospective founding members signed the bank's Articles of Agreement in Beijing "
        "on 29 Jun 2015. Japan was not one of the 57.",
    ),
    17: (
        "By staying out, Japan gave up its status as a founding member of the AIIB.",
        "Japan never held that status. It chose not to apply before the deadline of 31 Mar 2015, and said it "
        "could join later if its concerns were met.",
    ),
    18: (
        "Japan is still outside the AIIB (implied).",
        "As far as the sources go, yes: the AIIB's president said in 2017 that the door stayed open to Japan "
        "and the US, and no record of Japan joining was found.",
    ),
    19: (
        'Japan stayed out of the AIIB because of its doubts about the Belt and Road ("therefore").',
        "Japan's stated reasons were about the bank itself: fair governance, board approval of each project, "
        "debt sustainability and environmental and social safeguards. Abe also stressed standing with the US.",
    ),
    20: (
        "Japan and the US sped up the TPP negotiations to counter and contain the Belt and Road.",
        "The TPP talks began in 2008 and Japan joined them in July 2013, before the Belt and Road was "
        "announced. Tying the TPP to the Belt and Road in particular is the essay's own reading.",
    ),
    21: (
        "Japan strengthened ties with the Philippines, Vietnam, Australia and India to contain the Belt and "
        "Road.",
        "No agreement is named. The essay misses Japan's actual responses: the Partnership for Quality "
        "Infrastructure (May 2015) and the Free and Open Indo-Pacific strategy (Aug 2016).",
    ),
    22: (
        "Japan's attitude showed positive signs from the first half of 2017.",
        "True: Nikai attended the Belt and Road Forum in May 2017, and Abe's speech of 5 Jun 2017 welcomed "
        "the initiative on conditions. The essay leaves out that speech.",
    ),
    23: (
        'The LDP secretary-general who led the delegation was "Toshihiro Nakai".',
        "His name is Toshihiro Nikai (二階俊博); his title is right. The essay spells the name correctly later "
        "on, so it is inconsistent with itself.",
    ),
    24: (
        "Nikai led a delegation to the Belt and Road Forum in Beijing.",
        "True: he attended the forum (14–15 May 2017) and handed Xi a letter from Abe on 16 May.",
    ),
    25: (
        "Xi and Abe met at the G20 summit in Hamburg on 8 Jul 2017.",
        "True: confirmed by China's foreign ministry and by Kyodo.",
    ),
    26: (
        "At Hamburg Xi welcomed Japan's cooperation and Abe offered to explore cooperation under the Belt and "
        "Road.",
        "This is China's account of the meeting. Kyodo reports that Abe tied his interest to the initiative "
        "meeting shared international standards.",
    ),
    27: (
        "At Hamburg the two leaders agreed for the first time to cooperate on the initiative, four years after "
        "its launch.",
        "Chinese scholars describe an agreement to explore cooperation, and Japan did not present it as an "
        "agreement. From Sep 2013 to Jul 2017 is less than four years.",
    ),
    28: (
        "Xi and Abe met again on 11 Nov 2017 at the 25th APEC leaders' meeting in Da Nang.",
        "True.",
    ),
    29: (
        "At Da Nang Abe spoke of high-level exchanges, trade cooperation and exploring cooperation on "
        '"connectivity and the Belt and Road".',
        "This follows China's readout. Abe's own account stressed North Korea, a maritime communication "
        'mechanism and a "new start"; Reuters reports that he proposed business cooperation in third '
        "countries.",
    ),
    30: (
        "Japan's biggest-ever economic delegation went to China on 20 Nov 2017.",
        "True, with a nuance: it was a record business mission of about 250 people from three business "
        "federations, not a government delegation. The Belt and Road was on its agenda.",
    ),
    31: (
        "A symposium on Asian environmental and energy cooperation under the Belt and Road was held in Tokyo "
        "on 30 Nov 2017, where Yasuo Fukuda spoke.",
        "The date, place, theme and Fukuda's attendance are confirmed. The sponsor named in the essay could "
        "not be verified.",
    ),
    32: (
        "Fukuda praised the Belt and Road as a new kind of partnership unlike Western military alliances, and "
        "founded a Japanese research centre on it.",
        "These ideas appear in the manifesto with which a group of scholars set up the Belt and Road Japan "
        "Research Center. No source quotes Fukuda saying them, and he did not found the centre. The "
        "sentence is also garbled in translation.",
    ),
    33: (
        "Nikai visited China again on 28 Dec 2017.",
        "The visit ran from 24 to 29 Dec 2017; 28 Dec is the day he met Xi in Beijing.",
    ),
    34: (
        "Nikai called for the high-level economic dialogue to be held again soon.",
        "True. The dialogue resumed in Tokyo on 16 Apr 2018, the first in about eight years.",
    ),
    35: (
        'Many exchanges "in only one month" show that Japan\'s official position had turned positive.',
        "The events span about seven weeks and were mostly business, party and academic contacts, not "
        "government statements. Better official evidence exists but is not used: the government's late-2017 "
        "guidelines and Abe's remarks of 4 Dec 2017.",
    ),
    36: (
        'At Osaka in June 2019 the two leaders reached a "Ten-point Consensus".',
        "They met on 27 Jun 2019, but the ten points were announced by a Chinese foreign-ministry official: "
        "they are China's summary, not a joint text. Japan's account says Abe also brought up Hong Kong, "
        "the Senkaku Islands and the South China Sea.",
    ),
    37: (
        'The consensus placed relations in an "overall framework" suited to a "new era".',
        "Matches Xinhua's report in substance.",
    ),
    38: (
        "The fourth point lists fields of cooperation, has Japan calling the Belt and Road a promising idea, "
        "and supports third-party market cooperation and a fair business climate.",
        "Matches China's briefing as reported by China Daily. A few phrases could not be checked word for "
        "word.",
    ),
    39: (
        "The ninth point commits both sides to free trade and multilateralism, a role for the G20, faster "
        "China–Japan–Korea FTA talks and finishing RCEP within the year.",
        "Japan's briefing confirms the trade points. RCEP's text was concluded on 4 Nov 2019 and the "
        "agreement was signed on 15 Nov 2020.",
    ),
    40: (
        'Japan\'s small territory, scarce resources and ageing population make it "highly dependent" on world '
        "markets.",
        'Scarce resources and ageing are well established, but "small" is relative and "highly dependent" '
        "needs trade figures that the essay does not give.",
    ),
    41: (
        'Japan\'s "golden" high-growth period was the 1960s–1970s, driven by exports under a trade-based '
        "national strategy.",
        "High growth is usually dated from the mid-1950s to 1973 and relied heavily on domestic investment as "
        "well as exports (general knowledge, not checked against a source).",
    ),
    42: (
        "Japan's growing trade surplus with the US, its largest trading partner, caused trade friction.",
        "True for the 1980s. China has since become Japan's largest trading partner.",
    ),
    43: (
        "Japanese companies invested and bought businesses heavily abroad in the 1980s.",
        "True: Sony's purchase of Columbia Pictures is one example.",
    ),
    44: (
        "During the 1980s Japan traded more and more with East Asia, and relatively less with Europe and America.",
        "Not checked: it needs trade-share data that the essay does not give.",
    ),
    45: (
        "Japan became the world's biggest creditor in 1985, passing the United States.",
        "Japan did become the largest creditor nation in 1985, but the country it passed in net external "
        "assets was Britain; the US became a net debtor that year.",
    ),
    46: (
        "The Plaza Accord was signed in 1985.",
        "Agreed by the G5 at the Plaza Hotel, New York, on 22 Sep 1985. Strictly it was an announcement, not "
        "a signed treaty.",
    ),
    47: (
        "The Plaza Accord pushed the yen up, increased Japanese investment abroad and sowed the bubble.",
        "Broadly right: within two years the dollar lost more than half its value against the yen, and the "
        "Bank of Japan's rate cuts fed the asset bubble.",
    ),
    48: (
        'Tighter money burst the stock bubble and started "a 20-year bear market" from 1990.',
        "Broadly right: the Nikkei index peaked on 29 Dec 1989, roughly halved in 1990 and reached a low in "
        "Mar 2009. Its 1989 record was not beaten until Feb 2024.",
    ),
    49: (
        'The crash was followed by "the Great Recession".',
        'Wrong term: "Great Recession" names the world downturn of 2007–09. Japan\'s stagnation after 1990 '
        'is usually called the "lost decade" or "lost decades".',
    ),
    50: (
        "Layoffs, rising unemployment and bank failures followed, and the downturn lasted two decades.",
        'Broadly right: the failure of Yamaichi Securities in Nov 1997 was one landmark, and "lost '
        'decades" is the standard label. The essay gives no unemployment figures.',
    ),
    51: (
        'Abe launched his economic policies ("Abenomics") in 2012.',
        "Abe took office on 26 Dec 2012. The policies began in 2013, for example the Bank of Japan's 2% "
        "inflation target of 22 Jan 2013.",
    ),
    52: (
        "Under Abenomics, GDP and consumer prices did not improve in a lasting way.",
        "The essay gives no evidence. GDP in US dollars fell between 2012 and 2019, largely because the yen "
        "weakened, while GDP in yen rose. The claim needs data (see Chapter 3).",
    ),
    53: (
        "China has become the driving force of East Asian growth, and the Belt and Road fits Japan's aim of "
        "preserving free trade.",
        "China is Japan's largest trading partner. The second half of the sentence is the author's argument.",
    ),
    54: (
        "China's economy is closing in on the United States', while Japan, the third-largest, lags far behind.",
        "True for 2019–2020 in GDP in US dollars. Japan has been the fourth-largest economy since 2023.",
    ),
    55: (
        "China–US relations are strained by disputes over trade, the pandemic, Hong Kong, Xinjiang and the South "
        "China Sea.",
        "True as a list. The first tariffs of the trade war took effect on 6 Jul 2018.",
    ),
    56: (
        "The US is pressing its allies, above all Japan, to join an anti-China alliance.",
        "No evidence is offered, and Japan's own security concerns are left out.",
    ),
    57: (
        "Brexit, the US exit from the TPP, protectionism and a stalled WTO have hurt Japan's trade interests.",
        "The events are real (the US left the TPP on 23 Jan 2017), but the essay omits that Japan then led the "
        "11-country CPTPP, signed in Mar 2018: Japan did not only turn to China.",
    ),
    58: (
        "With its allies declining and rivals rising, Japan has been forced to balance between the US and "
        "China.",
        "A judgement, not a checkable fact.",
    ),
    59: (
        "Regional cooperation is led by big powers: France and Germany in Europe, the US in North America.",
        "An opinion, and an oversimplification.",
    ),
    60: (
        'In the 1990s the European Union signed an "Economic and Monetary Union treaty".',
        "Wrong name: this is the Maastricht Treaty (Treaty on European Union), signed on 7 Feb 1992 by the twelve "
        "member states of the European Community. It created the EU and set out the path to monetary union.",
    ),
    61: (
        'The US, Canada and Mexico signed and implemented a "Free Trade Agreement".',
        "This is NAFTA, signed on 17 Dec 1992 and in force from 1 Jan 1994. Sources disagree on the signing "
        "date, which makes a good exercise in comparing sources.",
    ),
    62: (
        "These blocs put Japan at a disadvantage, and Japan's economy has stagnated for more than ten years.",
        "Asserted without evidence, and the period meant is vague.",
    ),
    63: (
        "Brexit could push the yen up and hurt exports, cloud the future of Japanese firms in Britain, and "
        "undermine the weak yen and high share prices Abenomics relied on.",
        "True for 2016: the yen jumped and the Nikkei fell sharply the day after the referendum.",
    ),
    64: (
        "According to the AIIB, Asia needs US$38 trillion of new infrastructure from 2015 to 2030, with a "
        "funding gap of US$1.4 trillion a year.",
        "No AIIB source for these figures was found. The standard estimate is the ADB's (2017): US$26 "
        "trillion for 2016–2030, or US$1.7 trillion a year, including climate costs. The essay also confuses "
        "the total need with the funding gap.",
    ),
    65: (
        "Japan has acted to improve its relations with China.",
        "True: the exchanges of 2017, Abe's visit to Beijing in Oct 2018 and a planned state visit by Xi, "
        "postponed in Mar 2020.",
    ),
    66: (
        "Abe resigned and Yoshihide Suga came to power.",
        "True: Abe announced his resignation on 28 Aug 2020 and Suga became prime minister on 16 Sep 2020. "
        "Suga served about a year; Kishida succeeded him on 4 Oct 2021.",
    ),
    67: (
        "Suga, seen as \"the best successor\" of Abe's line, will continue Abe's strategies.",
        "Suga did promise to carry on Abe's unfinished policies; calling him the best successor is the "
        "author's judgement.",
    ),
    68: (
        "Suga and Xi spoke by telephone on 25 Sep 2020.",
        "True: their first conversation, about 30 minutes long.",
    ),
    69: (
        "In the call Suga called relations with China among Japan's most important, praised mutual help "
        "against COVID-19, and backed signing RCEP that year, faster China–Japan–Korea FTA talks and stable "
        "supply chains.",
        "This is China's readout. Japan's foreign-ministry readout does not mention RCEP or the FTA, and the "
        "Yomiuri reports that Suga raised the East China Sea and Hong Kong. The essay also slips from "
        "reported speech into an unmarked first-person quotation.",
    ),
    70: (
        'RCEP\'s signing is a Belt and Road "highlight", so by backing RCEP Japan backs the Belt and '
        "Road.",
        "Wrong: RCEP is an ASEAN-led trade agreement whose negotiations began in Nov 2012, before the Belt and "
        "Road existed. It was signed on 15 Nov 2020 and came into force on 1 Jan 2022. It is not part of the "
        "Belt and Road.",
    ),
    71: (
        "China, Japan and South Korea are negotiating a free trade agreement.",
        "True, the talks are real (launched in Nov 2012), but by 2025 there was still no agreement. At their "
        "summit of 27 May 2024 the three leaders only agreed to keep discussing how to speed the talks up.",
    ),
    72: (
        'Belt and Road cooperation between the two "has become relatively positive", but much remains to be '
        'done ("a long way to go").',
        "Out of date: relations cooled after 2020. The planned state visit did not happen; China banned "
        "Japanese seafood after the Fukushima water release began (Aug 2023), eased the ban, then suspended "
        "imports again in Nov 2025 during a row over Prime Minister Takaichi's remarks on Taiwan. The leaders "
        'did reaffirm their "strategic mutually beneficial relationship" in 2023, 2024 and 2025.',
    ),
    73: (
        "Footnote iii: an article by Yang Bojiang and Zhang Xiaolei in Northeast Asia Journal (2018).",
        'The article exists and says what the essay reports; the essay\'s "three doubts" paragraph translates '
        "it closely, which raises a question of close paraphrase to discuss.",
    ),
    74: (
        'Footnote vii: Xinhua\'s report of the "10-point consensus" (28 Jun 2019).',
        "Consistent with a reprint of the Xinhua story; the original page could not be opened.",
    ),
    75: (
        "Footnote ix: China's foreign-ministry readout of the Suga–Xi call.",
        "Its content is confirmed through reprints, but it gives only China's side of the call (see #69).",
    ),
    76: (
        "Footnotes i, ii, iv, v, vi and viii: Chinese journal articles and news pages.",
        "Not found in the archived pages consulted. Footnotes iv and v agree with other reports of the same "
        "events; footnote i, about Japan and Central Asia, does not support the definition it is attached to.",
    ),
    77: (
        "(No source is given for the Xi quotation, the GDP figures, the 1985 creditor claim or the history of "
        "the Plaza Accord and the bubble.)",
        "A weakness in citing: the facts themselves are checked under #9, #14, #45 and #46–50, but a reader "
        "of the essay cannot trace them to a source.",
    ),
}

# Claims whose cited source is not the first original address in the
# fact-check's list: claim number -> address to cite (one of the claim's
# addresses, or an original page that factcheck.md names elsewhere).
CLAIM_SOURCE_CHOICE: dict[int, str] = {
    47: "http://www.nber.org/papers/w21813",
    50: "https://www.boj.or.jp/en/announcements/press/danwa/dan9711c.htm/",
    64: "https://www.adb.org/letsbuildasia",
    57: "https://www.mfat.govt.nz/en/about-us/who-we-are/treaties/comprehensive-and-progressive-agreement-for-tpp/",
    69: "https://www.mofa.go.jp/a_o/c_m1/cn/page3e_001063.html",
    70: "https://asia.nikkei.com/Economy/Trade/Asian-trade-megadeal-RCEP-signed-after-years-of-talks",
    71: "https://eng.president.go.kr/briefing/xF4k048R",
}

# Datasets in data/ with which a student can check a claim.
CLAIM_DATA: dict[int, tuple[str, ...]] = {
    1: ("events",),
    7: ("gdp_current_usd_all_economies",),
    12: ("events",),
    13: ("wdi_indicators",),
    14: ("gdp_core_economies",),
    16: ("aiib_founding_members_2015",),
    17: ("aiib_founding_members_2015", "events"),
    18: ("aiib_prospective_members_2020",),
    20: ("trade_agreement_members", "events"),
    21: ("events",),
    40: ("wdi_indicators", "japan_population_projection_total"),
    42: ("us_goods_trade_annual",),
    47: ("exchange_rates_annual",),
    52: ("gdp_core_economies", "exchange_rates_annual"),
    54: ("gdp_current_usd_all_economies",),
    55: ("us_goods_trade_annual", "events"),
    57: ("trade_agreement_members", "events"),
    60: ("events",),
    61: ("events",),
    64: ("adb_infrastructure_needs_2017",),
    66: ("events",),
    68: ("events",),
    70: ("trade_agreement_members", "events"),
    71: ("events",),
    72: ("events",),
}

# ---------------------------------------------------------------------------
# Chapter 6: what the essay expected after 2020
# ---------------------------------------------------------------------------

# Each expectation: (id, a short label for charts, what the essay expected, claim number in the register,
# the book's assessment, the evidence in one line, event numbers, datasets).
# Event numbers are rows of data/events.csv (checked when the data are built).
ASSESSMENTS = ("came true", "partly", "not yet")
EXPECTATIONS: list[dict] = [
    {
        "expectation_id": "X1",
        "label": "Suga carries on Abe's line",
        "expectation": "Suga's government would carry on Abe's line, including his approach to China.",
        "claim_id": 67,
        "book_assessment": "partly",
        "evidence": "Suga pledged continuity, but served just over a year; Kishida took over and at once raised "
        "the Senkakus, Hong Kong and Xinjiang with Xi.",
        "event_ids": (76, 80, 81),
        "datasets": ("events",),
    },
    {
        "expectation_id": "X2",
        "label": "RCEP signed in 2020",
        "expectation": "RCEP would be signed before the end of 2020.",
        "claim_id": 69,
        "book_assessment": "came true",
        "evidence": "RCEP was signed by 15 countries in Nov 2020 and came into force for China and Japan on "
        "1 Jan 2022: the first free trade agreement between the two.",
        "event_ids": (78, 82),
        "datasets": ("events", "trade_agreement_members"),
    },
    {
        "expectation_id": "X3",
        "label": "Faster China–Japan–Korea FTA talks",
        "expectation": "Talks on a China–Japan–Korea free trade agreement would speed up.",
        "claim_id": 71,
        "book_assessment": "not yet",
        "evidence": "No agreement by 2025; at the 2024 trilateral summit the leaders only agreed to keep "
        "discussing how to speed the talks up.",
        "event_ids": (90,),
        "datasets": ("events",),
    },
    {
        "expectation_id": "X4",
        "label": "Stable regional supply chains",
        "expectation": "The two countries would work together to keep regional industrial and supply chains "
        "stable.",
        "claim_id": 69,
        "book_assessment": "partly",
        "evidence": "RCEP's common rules came into force, but China banned Japanese seafood in 2023 and again in "
        "2025, and China's share of US imports fell after the trade war.",
        "event_ids": (82, 85, 99),
        "datasets": ("events", "us_goods_trade_annual"),
    },
    {
        "expectation_id": "X5",
        "label": 'Trade ties kept within China\'s "bottom lines"',
        "expectation": "Japan would keep up economic and trade relations with China without crossing China's "
        '"bottom lines".',
        "claim_id": 72,
        "book_assessment": "partly",
        "evidence": "Leaders reaffirmed the strategic mutually beneficial relationship in 2023 and 2024, but in "
        "Nov 2025 Beijing treated Prime Minister Takaichi's Taiwan remarks as crossing a line.",
        "event_ids": (87, 92, 97, 98, 99),
        "datasets": ("events",),
    },
    {
        "expectation_id": "X6",
        "label": "Tensions keep limiting cooperation",
        "expectation": "Tensions between China and the US and maritime security in East Asia would keep "
        "limiting cooperation.",
        "claim_id": 72,
        "book_assessment": "came true",
        "evidence": "Japanese readouts kept raising the Senkakus and the East China Sea, and in the latest "
        "complete year of US data US–China trade was below its 2018 level.",
        "event_ids": (81, 97),
        "datasets": ("events", "us_goods_trade_annual"),
    },
    {
        "expectation_id": "X7",
        "label": "China and Japan stay 2nd and 3rd",
        "expectation": "China and Japan would remain the world's second- and third-largest economies.",
        "claim_id": 7,
        "book_assessment": "not yet",
        "evidence": "Germany passed Japan in GDP in US dollars in 2023, so Japan is now fourth.",
        "event_ids": (88,),
        "datasets": ("gdp_current_usd_all_economies",),
    },
]

# ---------------------------------------------------------------------------
# Chapter 7: the argument map of the essay's conclusion
# ---------------------------------------------------------------------------

# The main claims of the conclusion (key -> (short label, motivation)). The
# motivation links claims K2-K4 to the three motivations the essay gives.
MAIN_CLAIMS: dict[str, tuple[str, str]] = {
    "K1": ("Japan's stance turned from negative to positive and cooperative", ""),
    "K2": ("Japan's domestic economic pressure drove the turn (motivation I)", "own disadvantages"),
    "K3": (
        "Changes in the global balance of power, above all China–US rivalry, drove the turn (motivation II)",
        "China–US relations",
    ),
    "K4": ("An irresistible regional trend drove the turn (motivation III)", "regional trend"),
    "K5": (
        "Under Suga the outlook is positive but bounded: trade ties continue, with a long way to go",
        "",
    ),
}

# Evidence items: (claim key, id, short label, stance, chapter, claim number in
# the register or None, event number or None, dataset or "").
# Stance: "for" supports the claim, "against" weakens or qualifies it.
EVIDENCE: list[tuple] = [
    # K1: the turn
    (
        "K1",
        "E01",
        "Nikai attends the first Belt and Road Forum with a letter from Abe (May 2017)",
        "for",
        2,
        24,
        40,
        "",
    ),
    (
        "K1",
        "E02",
        "Abe's speech calls the initiative one with potential (Jun 2017)",
        "for",
        2,
        22,
        42,
        "",
    ),
    (
        "K1",
        "E03",
        "52 third-party market agreements signed during Abe's Beijing visit (Oct 2018)",
        "for",
        2,
        65,
        62,
        "",
    ),
    ("K1", "E04", "Abe's support came with four conditions (Jun 2017)", "against", 2, 6, 42, ""),
    ("K1", "E05", "Tokyo will judge projects case by case (Jan 2018)", "against", 2, 6, 53, ""),
    ("K1", "E06", "Japan never joined the AIIB", "against", 2, 18, None, ""),
    (
        "K1",
        "E07",
        "Nikkei: the government distances itself from the initiative (Apr 2019)",
        "against",
        2,
        6,
        67,
        "",
    ),
    # K2: motivation I
    (
        "K2",
        "E08",
        "Japan's population is ageing fast (share aged 65 and over)",
        "for",
        3,
        40,
        None,
        "wdi_indicators",
    ),
    (
        "K2",
        "E09",
        "Japan's GDP in US dollars fell between 2012 and 2019",
        "for",
        3,
        52,
        None,
        "gdp_core_economies",
    ),
    (
        "K2",
        "E10",
        "The essay gives no data for Japan's economic weakness",
        "against",
        3,
        52,
        None,
        "",
    ),
    (
        "K2",
        "E11",
        "Japan had other options and used them: it led the CPTPP (2018)",
        "against",
        5,
        57,
        54,
        "trade_agreement_members",
    ),
    # K3: motivation II
    (
        "K3",
        "E12",
        "China's GDP closed in on the United States'",
        "for",
        4,
        54,
        None,
        "gdp_current_usd_all_economies",
    ),
    (
        "K3",
        "E13",
        "The US–China trade war began with tariffs (Jul 2018)",
        "for",
        4,
        55,
        58,
        "us_goods_trade_annual",
    ),
    ("K3", "E14", "The US left the TPP (Jan 2017)", "for", 4, 57, 38, ""),
    ("K3", "E15", "No evidence that the US forced Japan's hand", "against", 4, 56, None, ""),
    (
        "K3",
        "E16",
        "Japan offered its own rival visions: Free and Open Indo-Pacific (2016)",
        "against",
        4,
        21,
        35,
        "",
    ),
    # K4: motivation III
    (
        "K4",
        "E17",
        "RCEP concluded (Nov 2019) and signed (Nov 2020)",
        "for",
        5,
        39,
        78,
        "trade_agreement_members",
    ),
    (
        "K4",
        "E18",
        "ADB: developing Asia needs US$1.7 trillion of infrastructure a year",
        "for",
        5,
        64,
        39,
        "adb_infrastructure_needs_2017",
    ),
    ("K4", "E19", "The essay's US$38 trillion figure cannot be traced", "against", 5, 64, None, ""),
    ("K4", "E20", "RCEP is ASEAN-led, not part of the Belt and Road", "against", 5, 70, 17, ""),
    # K5: the outlook
    ("K5", "E21", "RCEP came into force for China and Japan (Jan 2022)", "for", 6, 70, 82, ""),
    (
        "K5",
        "E22",
        "Leaders reaffirmed the strategic mutually beneficial relationship (2023, 2024)",
        "for",
        6,
        72,
        87,
        "",
    ),
    (
        "K5",
        "E23",
        "Japan's readout of the Suga call omits RCEP and the FTA",
        "against",
        6,
        69,
        77,
        "",
    ),
    ("K5", "E24", "Trilateral FTA talks still stalled (May 2024)", "against", 6, 71, 90, ""),
    (
        "K5",
        "E25",
        "China banned Japanese seafood after the Fukushima release (Aug 2023)",
        "against",
        6,
        72,
        85,
        "",
    ),
    (
        "K5",
        "E26",
        "Row over Takaichi's Taiwan remarks; seafood imports suspended (Nov 2025)",
        "against",
        6,
        72,
        99,
        "",
    ),
]
