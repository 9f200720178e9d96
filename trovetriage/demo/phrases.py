"""Sentence templates, subjects, greetings and markings per language and topic.

Templates use `str.format` slots (`{city}`, `{ip}`, `{password}` ...). The slots a template uses
decide part of its ground truth (see `content.SLOT_CATEGORIES`): only pii/financial templates use
personal-data slots, only infrastructure/OT templates use network slots, so routine and newsletter
text never carries a sensitive value by accident. Classification words that appear *inside* a
sentence ("marked SECRET", "gizli tutulması", "비밀번호") are deliberate mentions, not banners.
"""

from __future__ import annotations

LANGUAGES = ("en", "ar", "tr", "az", "ru", "ms", "ro", "ko")

#: Language tag used in `Content-Language` headers.
CONTENT_LANGUAGE = {"en": "en-GB", "ar": "ar-BH", "tr": "tr-TR", "az": "az-Latn-AZ", "ru": "ru-RU",
                    "ms": "ms-MY", "ro": "ro-RO", "ko": "ko-KR"}

RTL = frozenset({"ar"})

MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"],
    "tr": ["Ocak", "Şubat", "Mart", "Nisan", "Mayıs", "Haziran", "Temmuz", "Ağustos", "Eylül", "Ekim", "Kasım",
           "Aralık"],
    "az": ["yanvar", "fevral", "mart", "aprel", "may", "iyun", "iyul", "avqust", "sentyabr", "oktyabr", "noyabr",
           "dekabr"],
    "ru": ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
           "ноября", "декабря"],
    "ms": ["Januari", "Februari", "Mac", "April", "Mei", "Jun", "Julai", "Ogos", "September", "Oktober",
           "November", "Disember"],
    "ro": ["ianuarie", "februarie", "martie", "aprilie", "mai", "iunie", "iulie", "august", "septembrie",
           "octombrie", "noiembrie", "decembrie"],
    "ar": ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر",
           "ديسمبر"],
}

CITIES = {
    "en": ["London", "Brussels", "Geneva", "Vienna", "Ankara", "Baku", "Manama", "Kuala Lumpur", "Bucharest",
           "Seoul", "Riyadh", "Moscow", "Washington", "Beijing", "Tokyo", "Doha", "Abu Dhabi", "Istanbul",
           "Tbilisi", "Jakarta", "Cairo", "New York"],
    "tr": ["Londra", "Brüksel", "Cenevre", "Viyana", "Bakü", "Manama", "Kuala Lumpur", "Bükreş", "Seul", "Riyad",
           "Moskova", "Washington", "Pekin", "Tokyo", "Doha", "Abu Dabi", "İstanbul", "Tiflis", "Kahire"],
    "az": ["London", "Brüssel", "Cenevrə", "Vyana", "Ankara", "Bakı", "Manama", "Kuala-Lumpur", "Buxarest", "Seul",
           "Moskva", "Vaşinqton", "Pekin", "Tokio", "Doha", "İstanbul", "Tbilisi", "Qahirə"],
    "ru": ["Лондон", "Брюссель", "Женева", "Вена", "Анкара", "Баку", "Тбилиси", "Москва", "Стамбул", "Астана"],
    "ms": ["London", "Brussels", "Geneva", "Vienna", "Ankara", "Baku", "Manama", "Kuala Lumpur", "Bucharest",
           "Seoul", "Jakarta", "Bangkok", "Singapura", "Beijing", "Tokyo", "Manila", "Hanoi"],
    "ro": ["Londra", "Bruxelles", "Geneva", "Viena", "Ankara", "Baku", "Chișinău", "Sofia", "Budapesta", "Seul",
           "Moscova", "Washington", "Beijing", "Istanbul", "Tbilisi", "Varșovia"],
    "ko": ["런던", "브뤼셀", "제네바", "빈", "앙카라", "바쿠", "쿠알라룸푸르", "부쿠레슈티", "서울", "베이징", "도쿄",
           "워싱턴", "모스크바", "자카르타", "하노이", "부산"],
    "ar": ["لندن", "بروكسل", "جنيف", "فيينا", "أنقرة", "باكو", "المنامة", "كوالالمبور", "بوخارست", "سيول", "الرياض",
           "موسكو", "واشنطن", "بكين", "طوكيو", "الدوحة", "أبوظبي", "إسطنبول", "القاهرة", "الكويت"],
}

COUNTRIES = {
    "en": ["Germany", "France", "Japan", "Italy", "Canada", "Egypt", "Kazakhstan", "Georgia", "Indonesia",
           "Brazil", "India", "Norway", "Poland", "Hungary", "Qatar", "Oman", "Kuwait", "Jordan", "Singapore",
           "Vietnam"],
    "tr": ["Almanya", "Fransa", "Japonya", "İtalya", "Kanada", "Mısır", "Kazakistan", "Gürcistan", "Endonezya",
           "Brezilya", "Hindistan", "Norveç", "Polonya", "Macaristan", "Katar", "Umman", "Kuveyt", "Ürdün"],
    "az": ["Almaniya", "Fransa", "Yaponiya", "İtaliya", "Kanada", "Misir", "Qazaxıstan", "Gürcüstan",
           "İndoneziya", "Braziliya", "Hindistan", "Norveç", "Polşa", "Macarıstan", "Qətər", "Oman", "Küveyt"],
    "ru": ["Германия", "Франция", "Япония", "Италия", "Казахстан", "Грузия", "Индия", "Норвегия"],
    "ms": ["Jerman", "Perancis", "Jepun", "Itali", "Kanada", "Mesir", "Kazakhstan", "Georgia", "Indonesia",
           "Brazil", "India", "Norway", "Poland", "Qatar", "Oman", "Kuwait", "Singapura", "Vietnam", "Thailand"],
    "ro": ["Germania", "Franța", "Japonia", "Italia", "Canada", "Egipt", "Kazahstan", "Georgia", "Indonezia",
           "Brazilia", "India", "Norvegia", "Polonia", "Ungaria", "Qatar", "Oman", "Republica Moldova"],
    "ko": ["독일", "프랑스", "일본", "이탈리아", "캐나다", "이집트", "카자흐스탄", "조지아", "인도네시아", "브라질",
           "인도", "노르웨이", "폴란드", "헝가리", "카타르", "오만", "쿠웨이트", "베트남"],
    "ar": ["ألمانيا", "فرنسا", "اليابان", "إيطاليا", "كندا", "مصر", "كازاخستان", "جورجيا", "إندونيسيا", "البرازيل",
           "الهند", "النرويج", "بولندا", "المجر", "قطر", "عُمان", "الكويت", "الأردن"],
}

DEPTS = {
    ("en", "government"): ["Political Directorate", "Consular Affairs Department", "Protocol Department",
                           "Legal Affairs Department", "Department of Economic Diplomacy",
                           "European Affairs Department", "Asia-Pacific Department", "Human Resources Department",
                           "IT Department", "Translation Unit", "Press Office", "Gulf Affairs Department"],
    ("en", "energy"): ["Commercial Department", "Procurement", "Pipeline Operations", "SCADA & Telecoms", "Legal",
                       "Finance", "HSE", "Exploration", "IT Infrastructure", "Gas Marketing", "Projects Division"],
    ("tr", "government"): ["Siyasi İşler Genel Müdürlüğü", "Konsolosluk Genel Müdürlüğü", "Protokol Genel Müdürlüğü",
                           "Hukuk Müşavirliği", "Ekonomik İşler Genel Müdürlüğü", "Bilgi İşlem Dairesi",
                           "Personel Genel Müdürlüğü"],
    ("tr", "energy"): ["Ticaret Müdürlüğü", "Satınalma Müdürlüğü", "Boru Hattı İşletme Müdürlüğü", "SCADA Birimi",
                       "Hukuk Müşavirliği", "Mali İşler", "Bilgi Teknolojileri"],
    ("az", "government"): ["Siyasi məsələlər şöbəsi", "Konsulluq idarəsi", "Protokol idarəsi", "Hüquq idarəsi",
                           "İqtisadi əməkdaşlıq şöbəsi", "İnformasiya texnologiyaları şöbəsi", "Kadrlar şöbəsi"],
    ("az", "energy"): ["Kommersiya şöbəsi", "Satınalma şöbəsi", "Boru kəməri istismar idarəsi", "SCADA bölməsi",
                       "Maliyyə şöbəsi", "İT infrastruktur şöbəsi"],
    ("ru", "government"): ["Политический департамент", "Консульское управление", "Управление протокола"],
    ("ru", "energy"): ["Коммерческий отдел", "Отдел закупок", "Служба АСУ ТП"],
    ("ms", "government"): ["Bahagian Politik", "Bahagian Konsular", "Bahagian Protokol", "Bahagian Undang-Undang",
                           "Bahagian Ekonomi", "Bahagian Pengurusan Maklumat", "Bahagian Sumber Manusia"],
    ("ms", "energy"): ["Jabatan Komersial", "Jabatan Perolehan", "Operasi Saluran Paip", "Unit SCADA",
                       "Jabatan Kewangan", "Jabatan Teknologi Maklumat"],
    ("ro", "government"): ["Direcția Afaceri Politice", "Direcția Consulară", "Direcția Protocol",
                           "Direcția Juridică", "Direcția Diplomație Economică", "Direcția IT",
                           "Direcția Resurse Umane"],
    ("ro", "energy"): ["Direcția Comercială", "Departamentul Achiziții", "Exploatare Conducte", "Serviciul SCADA",
                       "Direcția Financiară", "Departamentul IT"],
    ("ko", "government"): ["정책기획관실", "재외동포영사국", "의전기획관실", "국제법률국", "양자경제외교국",
                           "정보관리담당관실", "인사기획관실"],
    ("ko", "energy"): ["영업본부", "구매팀", "배관운영팀", "SCADA팀", "재무팀", "정보보호팀"],
    ("ar", "government"): ["إدارة الشؤون السياسية", "إدارة الشؤون القنصلية", "إدارة المراسم", "إدارة الشؤون القانونية",
                           "إدارة الدبلوماسية الاقتصادية", "إدارة تقنية المعلومات", "إدارة الموارد البشرية"],
    ("ar", "energy"): ["الإدارة التجارية", "إدارة المشتريات", "إدارة تشغيل خطوط الأنابيب", "وحدة سكادا",
                       "الإدارة المالية", "إدارة تقنية المعلومات"],
}

# Latin-script proper nouns used in every language (projects, partners, sites).
PROJECTS = ["Project Kestrel", "North Caspian Upgrade", "Phase 3 Compression", "Black Sea Offshore Link",
            "Meridian LNG Terminal", "Tanjung Riser Replacement", "Western Corridor Expansion", "Blue Horizon FEED",
            "Sapphire Gas Storage", "Project Halcyon", "Eastern Spur Looping", "Coral Reef Desalination Tie-in"]
PARTNERS = ["Orion Midstream AG", "Helix Drilling Services", "Sakura LNG Trading", "Borealis Subsea AS",
            "Petrolis Trading SA", "Granite Valve Co.", "Anatolia Steel Pipe", "Pacific Turbines Ltd",
            "Veritas Inspection GmbH", "Danube Compressor Works", "Straits Marine Logistics", "Hanul Heavy Industries"]
ITEMS = ["API 5L X65 line pipe", "gas turbine spare parts", "subsea control modules", "corrosion inhibitor",
         "DN600 ball valves", "SCADA RTU cabinets", "fibre optic cable", "centrifugal compressor seals",
         "ultrasonic flow meters", "cathodic protection rectifiers"]
SITES = ["Block 7 onshore", "Terminal T-2", "Compressor Station CS-04", "Metering Station MS-12", "Platform A-17",
         "GOSP-5", "the Eastern tank farm", "Jetty 3", "Booster Station BS-2"]
FIELDS = ["Sabunchu West", "Bera Deep", "Kestrel-2", "Tembikai", "Dunmore East", "Balqis North", "Corvina",
          "Hyeseong-1", "Vulcan Ridge"]
STATIONS = ["CS-04", "CS-07", "MS-12", "BS-2", "Terminal T-2", "Platform A-17", "GOSP-5", "LNG Train 2"]
PIPELINES = ["Western Loop", "Kestrel Export Line", "BL-36 trunk line", "Karadeniz-2", "Northern Spur",
             "Tanjung Gas Line", "Eastern Ring Main"]

GREETINGS = {
    "en": ["Dear {addressee},", "Dear colleagues,", "Hello {given},", "Dear Sir/Madam,", "Good morning {given},",
           "Hi all,", "Dear {given},"],
    "tr": ["Sayın {addressee},", "Değerli meslektaşlarım,", "Merhaba {given},", "İyi günler,", "Sayın Büyükelçim,"],
    "az": ["Hörmətli {addressee},", "Hörmətli həmkarlar,", "Salam {given},", "Hörmətli cənab Səfir,"],
    "ru": ["Уважаемые коллеги,", "Добрый день,", "Здравствуйте, {given}!"],
    "ms": ["Tuan/Puan,", "Salam sejahtera {given},", "Rakan-rakan yang dihormati,", "Hai {given},",
           "Assalamualaikum dan salam sejahtera,"],
    "ro": ["Stimați colegi,", "Bună ziua,", "Bună ziua {given},", "Domnule Ambasador,", "Dragi colegi,"],
    "ko": ["{given}님께,", "안녕하십니까?", "관계자 여러분께,", "수고 많으십니다.", "{given}님 안녕하세요."],
    "ar": ["السيد {addressee} المحترم،", "الزملاء الأعزاء،", "تحية طيبة وبعد،", "سعادة السفير المحترم،",
           "الأخ العزيز {given}،"],
}

CLOSINGS = {
    "en": ["Best regards,", "Kind regards,", "With best regards,", "Thank you,", "Regards,", "Many thanks,"],
    "tr": ["Saygılarımla,", "İyi çalışmalar,", "Teşekkürler,", "Saygılarımızla,"],
    "az": ["Hörmətlə,", "Təşəkkürlər,", "Ən xoş arzularla,"],
    "ru": ["С уважением,", "Спасибо,"],
    "ms": ["Sekian, terima kasih.", "Yang benar,", "Terima kasih,", "Salam hormat,"],
    "ro": ["Cu stimă,", "Cu deosebită considerație,", "Mulțumesc,", "Toate cele bune,"],
    "ko": ["감사합니다.", "이상입니다.", "수고하십시오."],
    "ar": ["مع خالص التحيات،", "وتفضلوا بقبول فائق الاحترام،", "شكراً لكم،"],
}

REPLIES = {
    "en": ["Thank you for your message.", "Noted, thank you.", "Please see my comments below.",
           "Many thanks for the update.", "I agree with the proposal.", "Could you please clarify the last point?",
           "Let us discuss this at the next meeting."],
    "tr": ["Mesajınız için teşekkür ederim.", "Bilgi için teşekkürler.", "Görüşlerim aşağıdadır.",
           "Öneriye katılıyorum."],
    "az": ["Məktubunuz üçün təşəkkür edirəm.", "Məlumat üçün təşəkkürlər.", "Təkliflə razıyam."],
    "ru": ["Благодарю за информацию.", "Принято, спасибо.", "Согласен с предложением."],
    "ms": ["Terima kasih atas makluman.", "Dimaklumkan, terima kasih.", "Saya bersetuju dengan cadangan ini."],
    "ro": ["Vă mulțumesc pentru mesaj.", "Am luat notă, mulțumesc.", "Sunt de acord cu propunerea."],
    "ko": ["메일 감사합니다.", "잘 알겠습니다.", "제안에 동의합니다.", "아래 의견 참고 부탁드립니다."],
    "ar": ["شكراً على رسالتكم.", "تمت الإحاطة، شكراً.", "أتفق مع المقترح.", "يرجى الاطلاع على ملاحظاتي أدناه."],
}

SENTENCES: dict[str, dict[str, list[str]]] = {
    "en": {
        "routine": [
            "The weekly coordination meeting of the {dept} will take place on {date} at {time} in room {room}.",
            "Please send me your updated leave plan for the next quarter by {date}, so that we can arrange the "
            "duty roster.",
            "The canteen on the ground floor will be closed on {date} for maintenance; the cafeteria in building "
            "{n} remains open.",
            "Kindly note that the printers on floor {n} are being replaced and will be unavailable until {date}.",
            "From next week, visitors must be registered at the reception at least {n} hours before their arrival.",
            "I attach the agenda for the training session on records management; attendance is mandatory for new "
            "staff.",
            "The annual staff survey closes on {date}; so far {percent}% of colleagues have responded.",
            "Please remember to submit your travel claims within {n} working days of your return.",
            "Thank you all for your contributions to the year-end report, which has now been sent to the "
            "management board.",
            "The parking area behind building {n} will be resurfaced on {date}, so please use the visitors' car "
            "park.",
            "Could you please confirm whether {person} will attend the induction programme on {date}?",
            "The library has received {n} new titles on international law and energy policy; the list is on the "
            "intranet.",
            "We are organising a farewell lunch for {person} on {date}; please let me know by tomorrow if you "
            "can join.",
            "The fire drill scheduled for {date} will start at {time}; please leave the building by the nearest "
            "staircase.",
            "Draft minutes of the last meeting are attached; comments are welcome until {date}.",
            "From the administration side, there is no objection to moving the workshop to room {room}.",
            "Please make sure that your out-of-office message is set before the holiday period starting on "
            "{date}.",
            "The translation unit needs the final text by {time} on {date} in order to deliver the translated "
            "version on time.",
            "As discussed at the last meeting, the filing backlog of {n} folders should be cleared before the "
            "audit.",
            "Please use the new template for internal memos, which is available in the shared documents area.",
            "We would appreciate your feedback on the proposed office move to floor {n}.",
            "From Monday onwards the shuttle bus will leave the main gate at {time}.",
            "Passwords for the intranet must now be changed every {n} days; the helpdesk will send a reminder.",
            "The security badge of every visitor must be returned at the reception before {time}.",
        ],
        "diplomatic": [
            "During the consultations in {city}, the delegation of {country} reiterated its interest in a joint "
            "declaration before the end of {year}.",
            "The Ambassador was received by the Deputy Minister, who stressed that the question of maritime "
            "boundaries should be handled bilaterally.",
            "Our counterparts indicated informally that {country} will abstain in the upcoming vote unless the "
            "text on sanctions is softened.",
            "The Embassy recommends that the visit of the Minister be postponed until after the parliamentary "
            "elections in {country}.",
            "In a confidential conversation, the Political Director of {country} expressed concern about the pace "
            "of the negotiations.",
            "The draft memorandum of understanding on energy cooperation has been reviewed; {n} articles still "
            "require legal clearance.",
            "The Mission will report separately on the positions of the permanent members ahead of the Security "
            "Council consultations.",
            "Host country authorities requested our support for their candidacy to the Human Rights Council in "
            "exchange for support of our candidate.",
            "The talking points for the meeting with the Foreign Minister of {country} are attached; please note "
            "the sensitivities on visa liberalisation.",
            "According to our sources in {city}, the government intends to reopen the talks on the pipeline "
            "transit agreement in {month}.",
            "The Consul General reported that {n} nationals remain detained in {city}; consular access has been "
            "requested twice.",
            "The Head of Mission proposes to convey our position orally rather than through a note verbale, to "
            "avoid a public reaction.",
            "We assess that the new coalition in {country} will keep its current stance on the regional security "
            "initiative.",
            "Instructions are requested on whether the Embassy should attend the reception hosted by the "
            "delegation of {country}.",
            "The partner side presented a non-paper outlining {n} options for the joint commission; a copy will "
            "follow by diplomatic pouch.",
            "Please treat the outcome of this meeting with discretion until the Minister has been briefed.",
            "The Ministry of Energy of {country} privately confirmed interest in long-term LNG supply contracts "
            "starting in {year}.",
            "The annex marked SECRET will be hand-carried by the courier and is not attached to this message.",
            "From our contacts in the presidential administration we understand that a reshuffle of the cabinet is "
            "expected in {month}.",
            "The joint economic commission in {city} should be used to unblock the issue of landing rights for "
            "the national carrier.",
        ],
        "infrastructure": [
            "The new VPN concentrator {host} ({ip}) will replace the old gateway on {date}; split tunnelling "
            "remains disabled.",
            "Firewall rule {ref} opens TCP port {port} from the DMZ range {subnet} to the mail server {host}.",
            "The domain controllers {host} and {host2} will be patched during the maintenance window on {date} "
            "from {time}.",
            "Outlook Web Access is published through the reverse proxy at {ip}; internal clients resolve it to "
            "{ip2}.",
            "Remote desktop access to the jump host {host} is restricted to the management {vlan}.",
            "The backup of the Exchange databases runs nightly at {time} to the NAS at {ip}.",
            "The site-to-site tunnel with the office in {city} uses IKEv2 and terminates on {ip}.",
            "Active Directory replication between {host} and the disaster recovery site has been failing since "
            "{date}.",
            "Please add the subnet {subnet} to the allow-list of the proxy so that the new workstations can reach "
            "the update server.",
            "The Citrix gateway certificate on {host} expires on {date}; a renewal request has been submitted.",
            "SNMP monitoring for the core switch {host} has been moved to the new monitoring server at {ip}.",
            "The print server {host} will be decommissioned; queues move to {host2} on {date}.",
            "Exchange 2013 cumulative update installation on {host} failed with error {port}; rollback completed.",
        ],
        "cred": [
            "The temporary password for the VPN account {user} is {password}; please change it at first logon.",
            "For the new printer portal use the account {user} with password {password}.",
            "The local administrator password on {host} has been reset to {password} until the LAPS rollout is "
            "finished.",
            "The shared mailbox can be opened with the account {user} and the password {password}.",
            "Wi-Fi for the conference room: SSID {ssid}, key {password}.",
            "The service account {user} on {host} now uses the password {password}; please update the scheduled "
            "tasks.",
        ],
        "pii": [
            "For the visa application, the passport number of {fullname} is {passport}, valid until {date}.",
            "{fullname} can be reached on the mobile number {phone} during the visit.",
            "Date of birth of the applicant: {dob}; national ID number {natid}.",
            "Please update the personnel file of {fullname}: new home address {address}, phone {phone}.",
            "Emergency contact for {fullname}: {fullname2}, phone {phone}.",
            "The applicant {fullname}, born on {dob}, holds passport {passport}.",
        ],
        "financial": [
            "Please transfer {amount} to the account of the supplier, {account_org}, reference {ref}.",
            "Invoice {ref} for {amount} is overdue by {n} days; the finance department has sent a reminder.",
            "The quarterly payment to the office in {city} of {amount} was released on {date}.",
            "The reimbursement of {amount} to {fullname} will be paid to {account}.",
            "The advance of {amount} for the delegation will be credited to {account_org} by {date}.",
            "The budget line for {project} has been cut by {percent}% for the next financial year; the "
            "remaining balance is {amount}.",
        ],
        "commercial": [
            "The technical evaluation of the bids for tender {ref} is complete; {n} of the {n2} bidders passed "
            "the pre-qualification.",
            "Our offer for the supply of {item} is {amount}, valid for {n} days from {date}.",
            "The contractor has requested a variation order of {amount} for additional piping works at {site}.",
            "The commercial terms of the gas sales agreement with {partner} foresee a take-or-pay level of "
            "{percent}%.",
            "Please keep the price proposal for {project} within the bid committee until the award is announced.",
            "The joint venture partners agreed to increase the capital expenditure budget for {field} to "
            "{amount}.",
            "The draft EPC contract for {project} includes liquidated damages capped at {percent}% of the contract "
            "value.",
            "Competitor {partner} is expected to bid around {amount}; our margin should remain above {percent}%.",
            "The procurement committee will meet on {date} to decide on the award of the compressor maintenance "
            "contract.",
            "The LNG cargo scheduled for {date} has been sold at a premium over the index; the counterparty is "
            "{partner}.",
            "Negotiations with {partner} on the transit tariff stalled over the indexation clause.",
            "The farm-out agreement for {field} gives us a {percent}% working interest in exchange for carrying "
            "exploration costs.",
        ],
        "ot": [
            "The SCADA historian at {station} stopped collecting data from {n} RTUs after the firmware update.",
            "The PLCs controlling the compressors at {station} sit on the process network {subnet}.",
            "An engineering workstation at {station} was found with a USB modem attached to the control network.",
            "The HMI screens in the control room will be migrated to the new version of the operator software on "
            "{date}.",
            "Pressure on the {pipeline} pipeline dropped to {n} bar at {time}; the safety instrumented system did "
            "not trip.",
            "Remote access for the vendor to the DCS at {station} is granted through the OT jump server only "
            "during supervised sessions.",
            "The Modbus gateway at {plc_ip} still accepts unauthenticated write requests from the corporate "
            "network.",
            "The flow computers on the export line report {bbl} barrels per day; the data is relayed to SCADA "
            "every {n} seconds.",
            "The OT security assessment identified {n} Windows XP machines in the turbine control system.",
            "Please do not change setpoints on the gas turbine control panel without approval of the shift "
            "supervisor.",
            "Historian replication from the OT DMZ to the business network will be switched to a data diode.",
            "The emergency shutdown test at {station} is scheduled for {date} starting at {time}.",
        ],
        "newsletter": [
            "The Minister of Foreign Affairs met the visiting delegation of {country} and discussed cooperation in "
            "trade, tourism and education.",
            "Oil prices rose by {percent}% on {date} after producers signalled continued supply discipline.",
            "The national statistics office reported growth of {percent}% in non-oil exports in the last quarter.",
            "A cultural week celebrating the heritage of {country} opened at the national museum in {city}.",
            "The regional energy forum in {city} will bring together more than {num} participants from {n} "
            "countries.",
            "The government announced a new scholarship programme for {num} students in engineering and "
            "medicine.",
            "Analysts expect the central bank to keep interest rates unchanged at its meeting on {date}.",
            "The airport handled {num} passengers last month, the highest figure since the new terminal opened.",
            "The spokesperson said the country welcomes the agreement reached in {city} and hopes for its swift "
            "implementation.",
            "Renewable energy accounted for {percent}% of new generation capacity commissioned in the region this "
            "year.",
            "Shipping rates for LNG carriers fell for the third consecutive week, brokers in {city} said.",
            "A trade mission from {country} will visit the industrial zone on {date}.",
        ],
    },
    "tr": {
        "routine": [
            "Haftalık koordinasyon toplantısı {date} tarihinde {room} numaralı salonda yapılacaktır; başlangıç "
            "saati {time}.",
            "Önümüzdeki çeyrek için güncellenmiş izin planlarınızı en geç {date} tarihine kadar göndermenizi rica "
            "ederim.",
            "Zemin kattaki yemekhane bakım nedeniyle {date} tarihinde kapalı olacaktır.",
            "Yeni personel için kayıt yönetimi eğitimine katılım zorunludur; gündem ektedir.",
            "Seyahat masraf beyanlarınızı dönüşünüzden itibaren {n} iş günü içinde teslim etmeniz gerekmektedir.",
            "Yangın tatbikatı {date} günü saat {time} itibarıyla başlayacaktır; lütfen binayı en yakın merdivenden "
            "terk ediniz.",
            "Son toplantının tutanak taslağı ektedir; görüşlerinizi {date} tarihine kadar iletebilirsiniz.",
            "{person} için {date} günü bir veda yemeği düzenliyoruz; katılım durumunuzu bildirirseniz seviniriz.",
            "Kütüphaneye uluslararası hukuk ve enerji politikası alanında {n} yeni kitap gelmiştir.",
            "Ziyaretçilerin gelişten en az {n} saat önce danışmaya kaydedilmesi gerekmektedir.",
            "Yeni iç yazışma şablonu ortak klasörde yer almaktadır; lütfen bundan sonra bu şablonu kullanınız.",
            "Yıl sonu raporuna katkılarınız için hepinize teşekkür ederim.",
            "Otopark {date} tarihinde asfalt çalışması nedeniyle kapalı olacaktır.",
            "Servis aracı pazartesiden itibaren ana kapıdan saat {time} itibarıyla hareket edecektir.",
            "Güncellemeler nedeniyle cuma günü mesai bitiminde bilgisayarlarınızı açık bırakmanızı rica ederiz.",
            "Kurum içi eğitim programına kayıtlar {date} tarihinde sona erecektir.",
            "Arşiv biriminde bekleyen {n} klasörün denetimden önce düzenlenmesi gerekmektedir.",
            "Yeni yıl resepsiyonu için ikram siparişi {date} tarihine kadar verilmelidir.",
        ],
        "diplomatic": [
            "{city} kentinde yapılan istişarelerde {country} heyeti, yıl sonundan önce ortak bir bildiri "
            "imzalanmasına ilgisini yineledi.",
            "Büyükelçimiz Bakan Yardımcısı tarafından kabul edildi; deniz yetki alanları meselesinin ikili düzeyde "
            "ele alınması gerektiği vurgulandı.",
            "Muhataplarımız, yaptırımlara ilişkin metin yumuşatılmadığı takdirde {country} tarafının oylamada "
            "çekimser kalacağını gayriresmî olarak belirtti.",
            "Büyükelçilik, Bakanımızın ziyaretinin {country} seçimlerinden sonraya ertelenmesini tavsiye "
            "etmektedir.",
            "{city} Başkonsolosluğu, {n} vatandaşımızın hâlâ gözaltında bulunduğunu bildirmiştir; konsolosluk "
            "erişimi iki kez talep edilmiştir.",
            "Enerji işbirliğine ilişkin mutabakat zaptı taslağı incelenmiş olup {n} maddenin hukuki açıdan yeniden "
            "değerlendirilmesi gerekmektedir.",
            "Görüşmenin sonuçlarının Bakan bilgilendirilinceye kadar gizli tutulması rica olunur.",
            "Kaynaklarımıza göre {country} hükümeti boru hattı transit anlaşmasına ilişkin müzakereleri yeniden "
            "açmayı planlamaktadır.",
            "{country} Dışişleri Bakanı ile yapılacak görüşme için konuşma notları ektedir; vize serbestisi "
            "konusundaki hassasiyetlere dikkat ediniz.",
            "Karma Ekonomik Komisyon toplantısının {date} tarihinde {city} kentinde yapılması önerilmektedir.",
            "Karşı taraf, ortak komisyon için {n} seçenek içeren bir gayriresmî belge sundu; bir nüshası diplomatik "
            "çanta ile gönderilecektir.",
            "Yeni koalisyon hükümetinin bölgesel güvenlik girişimi konusundaki mevcut tutumunu sürdüreceği "
            "değerlendirilmektedir.",
            "Büyükelçi, {date} tarihinde Dışişleri Bakan Yardımcısı ile görüşerek ikili ticaret hacminin "
            "artırılması konusunu ele aldı.",
            "Karşı taraf, vize kolaylaştırma anlaşmasının bir sonraki tur görüşmelerde ele alınmasını önerdi.",
            "{country} Parlamentosu Dış İlişkiler Komisyonu Başkanı, ülkemize yapılacak ziyaretin tarihini teyit "
            "etmedi.",
            "Daimi Temsilciliğimiz, karar tasarısındaki yaptırımlara ilişkin paragrafın metinden çıkarılması "
            "için çalışmaktadır.",
            "Ortak bildiri taslağının {n} numaralı paragrafındaki ifadeler konusunda mutabakat sağlanamamıştır.",
        ],
        "infrastructure": [
            "Yeni VPN geçidi {host} ({ip}) {date} tarihinde devreye alınacaktır.",
            "Etki alanı denetleyicileri {host} ve {host2} bakım penceresinde güncellenecektir.",
            "{subnet} alt ağının proxy izin listesine eklenmesi gerekmektedir.",
            "Exchange veritabanlarının yedeği her gece saat {time} itibarıyla {ip} adresindeki NAS cihazına "
            "alınmaktadır.",
            "Atlama sunucusu {host} üzerinden uzak masaüstü erişimi yalnızca yönetim ağı {vlan} ile sınırlıdır.",
            "{ref} numaralı güvenlik duvarı kuralı {subnet} ağından {host} sunucusuna TCP {port} erişimi "
            "açmaktadır.",
        ],
        "cred": [
            "{user} VPN hesabının geçici parolası {password} olarak belirlenmiştir; ilk girişte değiştiriniz.",
            "{host} üzerindeki yerel yönetici parolası {password} olarak sıfırlanmıştır.",
            "Toplantı salonu kablosuz ağı: SSID {ssid}, şifre {password}.",
        ],
        "pii": [
            "Vize başvurusu için {fullname} adlı personelin pasaport numarası {passport} olup {date} tarihine kadar "
            "geçerlidir.",
            "{fullname} ziyaret süresince {phone} numaralı cep telefonundan ulaşılabilir.",
            "T.C. Kimlik No: {natid}, doğum tarihi: {dob}.",
            "{fullname} için acil durumda aranacak kişi: {fullname2}, telefon {phone}.",
            "{fullname} adlı personelin yeni ev adresi: {address}.",
        ],
        "financial": [
            "Tedarikçinin {account_org} hesabına {amount} tutarında ödeme yapılması rica olunur; referans {ref}.",
            "{ref} numaralı {amount} tutarındaki fatura {n} gün gecikmiştir.",
            "{city} heyetine verilecek harcırah kişi başı {amount} olarak hesaplanmıştır.",
            "{fullname} adına {amount} tutarındaki iade {account} hesabına yatırılacaktır.",
        ],
        "commercial": [
            "{ref} numaralı ihalenin teknik değerlendirmesi tamamlanmış olup {n2} teklif sahibinden {n} tanesi ön "
            "yeterliliği geçmiştir.",
            "{item} tedariki için teklifimiz {amount} olup {date} tarihinden itibaren {n} gün geçerlidir.",
            "Yüklenici, {site} sahasındaki ilave boru işleri için {amount} tutarında değişiklik emri talep "
            "etmiştir.",
            "{partner} ile yapılan doğal gaz satış anlaşmasında al ya da öde oranı %{percent} olarak "
            "öngörülmektedir.",
            "{project} için fiyat teklifimiz, ihale sonucu açıklanana kadar yalnızca ihale komisyonu içinde "
            "kalmalıdır.",
            "Rakip firma {partner} tarafından yaklaşık {amount} tutarında teklif verilmesi beklenmektedir.",
            "Transit tarifesine ilişkin müzakereler endeksleme maddesi nedeniyle durmuştur.",
            "Kompresör bakım sözleşmesinin ihalesi {date} tarihinde satınalma komisyonunda karara bağlanacaktır.",
            "Ortak girişim ortakları, {field} sahası için yatırım bütçesinin {amount} seviyesine çıkarılmasını "
            "kabul etti.",
            "EPC sözleşme taslağında gecikme cezası sözleşme bedelinin %{percent} oranı ile sınırlandırılmıştır.",
            "{date} tarihli LNG kargosu endeks üzerinde bir primle {partner} firmasına satılmıştır.",
        ],
        "ot": [
            "{station} istasyonundaki SCADA tarihçi sunucusu, yazılım güncellemesinden sonra {n} RTU'dan veri "
            "toplamayı durdurdu.",
            "{station} kompresörlerini kontrol eden PLC'ler {subnet} proses ağında bulunmaktadır.",
            "{pipeline} boru hattında basınç saat {time} itibarıyla {n} bar seviyesine düştü; emniyet sistemi "
            "devreye girmedi.",
            "Kontrol odasındaki HMI ekranları {date} tarihinde yeni operatör yazılımına taşınacaktır.",
            "Tedarikçinin DCS sistemine uzaktan erişimi yalnızca gözetimli oturumlarda OT atlama sunucusu üzerinden "
            "sağlanmaktadır.",
            "{plc_ip} adresindeki Modbus geçidi kurumsal ağdan gelen kimlik doğrulamasız yazma isteklerini hâlâ "
            "kabul etmektedir.",
            "{station} istasyonundaki mühendislik bilgisayarında kontrol ağına bağlı bir USB modem tespit edildi.",
            "OT güvenlik değerlendirmesi, türbin kontrol sisteminde {n} adet Windows XP makinesi tespit etti.",
        ],
        "newsletter": [
            "Dışişleri Bakanı, {country} heyetini kabul ederek ticaret, turizm ve eğitim alanlarında işbirliğini "
            "görüştü.",
            "Petrol fiyatları {date} günü %{percent} oranında yükseldi.",
            "{city} kentinde düzenlenen bölgesel enerji forumuna {n} ülkeden {num} katılımcı bekleniyor.",
            "Merkez Bankası'nın {date} tarihli toplantısında faiz oranlarını sabit tutması bekleniyor.",
            "Yenilenebilir enerjinin yeni kurulu güç içindeki payı bu yıl %{percent} oldu.",
            "Bu bültenden ayrılmak için mesajın altındaki bağlantıyı kullanabilirsiniz.",
            "Havalimanı geçen ay {num} yolcuya hizmet verdi.",
            "{country} ticaret heyeti {date} tarihinde organize sanayi bölgesini ziyaret edecek.",
        ],
    },
    "az": {
        "routine": [
            "Həftəlik koordinasiya iclası {date} tarixində, saat {time}, {room} saylı otaqda keçiriləcək.",
            "Növbəti rüb üçün məzuniyyət planlarınızı {date} tarixinədək göndərməyinizi xahiş edirəm.",
            "Birinci mərtəbədəki yeməkxana {date} tarixində təmir səbəbindən bağlı olacaq.",
            "Yeni əməkdaşlar üçün sənədlərin idarə edilməsi üzrə təlimdə iştirak məcburidir.",
            "Ezamiyyət xərcləri haqqında hesabatları qayıtdıqdan sonra {n} iş günü ərzində təqdim edin.",
            "Son iclasın protokolunun layihəsi əlavə olunur; qeydlərinizi {date} tarixinədək göndərə bilərsiniz.",
            "Kitabxanaya beynəlxalq hüquq və enerji siyasəti üzrə {n} yeni kitab daxil olub.",
            "İllik hesabata verdiyiniz töhfəyə görə hamınıza təşəkkür edirəm.",
            "Yanğın təhlükəsizliyi təlimi {date} tarixində saat {time} başlayacaq.",
            "{person} üçün {date} tarixində vida naharı təşkil edirik; iştirakınızı təsdiq edin.",
            "Yeniləmələrə görə cümə günü iş vaxtının sonunda kompüterləri açıq qoymağınızı xahiş edirik.",
            "Daxili təlim proqramına qeydiyyat {date} tarixində başa çatır.",
            "Yeni il qəbulu üçün yemək sifarişi {date} tarixinədək verilməlidir.",
        ],
        "diplomatic": [
            "{city} şəhərində keçirilən məsləhətləşmələr zamanı {country} nümayəndə heyəti ilin sonunadək birgə "
            "bəyannamə imzalamaq marağını bir daha bildirdi.",
            "Səfir Nazir müavini tərəfindən qəbul edildi; görüşdə Xəzər dənizinin hüquqi statusu məsələsi müzakirə "
            "olundu.",
            "Tərəf-müqabillərimiz qeyri-rəsmi olaraq bildirdilər ki, {country} qarşıdakı səsvermədə bitərəf "
            "qalacaq.",
            "Səfirlik Nazirin səfərinin {country} seçkilərindən sonraya təxirə salınmasını tövsiyə edir.",
            "Enerji əməkdaşlığı üzrə anlaşma memorandumunun layihəsi nəzərdən keçirilib; {n} maddə üzrə hüquqi "
            "razılaşdırma tələb olunur.",
            "Mənbələrimizə görə, {country} hökuməti boru kəməri ilə tranzit sazişi üzrə danışıqları bərpa etmək "
            "niyyətindədir.",
            "{city} şəhərindəki Baş Konsulluq {n} vətəndaşımızın hələ də saxlanıldığını bildirib.",
            "Görüşün nəticələri Nazirə məruzə edilənədək məxfi saxlanılmalıdır.",
            "Birgə iqtisadi komissiyanın növbəti iclasının {date} tarixində {city} şəhərində keçirilməsi təklif "
            "olunur.",
            "Səfir {date} tarixində Xarici İşlər Nazirinin müavini ilə görüşərək ikitərəfli ticarət "
            "dövriyyəsinin artırılmasını müzakirə edib.",
            "Qarşı tərəf viza rejiminin sadələşdirilməsi haqqında sazişin növbəti danışıqlar raundunda müzakirə "
            "olunmasını təklif edib.",
            "Daimi Nümayəndəliyimiz qətnamə layihəsindəki sanksiyalarla bağlı bəndin çıxarılması üçün işini "
            "davam etdirir.",
            "Birgə bəyannamə layihəsinin {n} saylı bəndindəki ifadələr üzrə razılıq əldə olunmayıb.",
        ],
        "infrastructure": [
            "Yeni VPN şlüzü {host} ({ip}) {date} tarixində istifadəyə veriləcək.",
            "{host} və {host2} domen kontrollerləri texniki xidmət pəncərəsində yenilənəcək.",
            "{subnet} alt şəbəkəsini proksi serverin icazə siyahısına əlavə etmək lazımdır.",
            "Exchange verilənlər bazalarının ehtiyat nüsxəsi hər gecə saat {time} {ip} ünvanındakı NAS-a yazılır.",
        ],
        "cred": [
            "{user} VPN hesabının müvəqqəti parolu: {password}. İlk girişdə dəyişdirin.",
            "{host} serverində lokal administrator parolu {password} olaraq dəyişdirilib.",
        ],
        "pii": [
            "Viza müraciəti üçün {fullname} adlı əməkdaşın pasport nömrəsi {passport}, etibarlılıq müddəti {date}.",
            "{fullname} ilə səfər müddətində {phone} mobil nömrəsi ilə əlaqə saxlamaq olar.",
            "Şəxsiyyət vəsiqəsinin FİN kodu: {natid}, doğum tarixi: {dob}.",
        ],
        "financial": [
            "Təchizatçının {account_org} hesabına {amount} məbləğində ödəniş edilməsi xahiş olunur, istinad {ref}.",
            "{ref} nömrəli {amount} məbləğində hesab-faktura {n} gün gecikdirilib.",
            "{fullname} üçün {amount} məbləğində kompensasiya {account} hesabına köçürüləcək.",
        ],
        "commercial": [
            "{ref} nömrəli tender üzrə texniki qiymətləndirmə başa çatıb; {n2} iştirakçıdan {n} nəfəri ilkin "
            "seçimi keçib.",
            "{item} tədarükü üzrə təklifimiz {amount} təşkil edir və {n} gün qüvvədədir.",
            "{partner} ilə qaz satışı sazişində \"al və ya ödə\" səviyyəsi {percent}% nəzərdə tutulur.",
            "{field} yatağı üzrə əsaslı xərclər büdcəsinin {amount} məbləğinə qədər artırılması razılaşdırılıb.",
            "Rəqib şirkətin təxminən {amount} məbləğində təklif verəcəyi gözlənilir.",
            "EPC müqaviləsi layihəsində gecikmə cəriməsi müqavilə dəyərinin {percent}%-i ilə məhdudlaşdırılıb.",
            "Kompressorlara texniki xidmət müqaviləsi üzrə qərar {date} tarixində satınalma komissiyasında "
            "veriləcək.",
            "Tranzit tarifi üzrə danışıqlar indeksləşdirmə bəndi səbəbindən dayanıb.",
        ],
        "ot": [
            "{station} stansiyasındakı SCADA tarixçə serveri proqram yeniləməsindən sonra {n} RTU-dan məlumat "
            "toplamağı dayandırıb.",
            "{station} kompressorlarını idarə edən PLC-lər {subnet} proses şəbəkəsində yerləşir.",
            "{pipeline} boru kəmərində təzyiq saat {time} {n} bara düşdü; qəza dayandırma sistemi işə düşmədi.",
            "Nəzarət otağındakı HMI ekranları {date} tarixində yeni operator proqramına keçiriləcək.",
        ],
        "newsletter": [
            "Xarici İşlər Naziri {country} nümayəndə heyətini qəbul edib, ticarət, turizm və təhsil sahələrində "
            "əməkdaşlığı müzakirə edib.",
            "Neftin qiyməti {date} tarixində {percent}% bahalaşıb.",
            "{city} şəhərində keçiriləcək regional enerji forumunda {n} ölkədən {num} iştirakçı gözlənilir.",
            "Bu bülletendən imtina etmək üçün məktubun sonundakı keçiddən istifadə edin.",
            "Hava limanı ötən ay {num} sərnişinə xidmət göstərib.",
            "Mərkəzi Bankın {date} tarixli iclasında uçot dərəcəsinin dəyişməz saxlanılması gözlənilir.",
        ],
    },
    "ru": {
        "routine": [
            "Еженедельное координационное совещание состоится {date} в {time} в кабинете {room}.",
            "Прошу направить обновлённый график отпусков до {date}.",
            "Столовая на первом этаже будет закрыта {date} в связи с ремонтом.",
            "Проект протокола последнего совещания прилагается; замечания принимаются до {date}.",
            "Благодарю всех за участие в подготовке годового отчёта.",
            "Авансовые отчёты о командировках сдаются в течение {n} рабочих дней после возвращения.",
        ],
        "diplomatic": [
            "В ходе консультаций в городе {city} делегация партнёров подтвердила заинтересованность в подписании "
            "совместного заявления до конца {year} года.",
            "Посол был принят заместителем министра; обсуждался вопрос правового статуса Каспийского моря.",
            "По неофициальной информации, партнёры воздержатся при голосовании, если текст о санкциях не будет "
            "смягчён.",
            "Проект меморандума о сотрудничестве в энергетике рассмотрен; {n} статей требуют юридического "
            "согласования.",
            "Просим не разглашать результаты встречи до доклада министру.",
        ],
        "infrastructure": [
            "Новый VPN-шлюз {host} ({ip}) будет введён в эксплуатацию {date}.",
            "Контроллеры домена {host} и {host2} будут обновлены в ходе планового окна обслуживания.",
        ],
        "cred": ["Временный пароль для учётной записи VPN {user}: {password}. Смените его при первом входе."],
        "pii": [
            "Номер паспорта сотрудника {fullname}: {passport}, действителен до {date}.",
            "С {fullname} можно связаться по мобильному телефону {phone}.",
        ],
        "financial": ["Просим перечислить {amount} на счёт поставщика {account_org}, основание {ref}."],
        "commercial": [
            "Техническая оценка заявок по тендеру {ref} завершена; предквалификацию прошли {n} участников из {n2}.",
            "Наше предложение по поставке составляет {amount} и действительно {n} дней.",
            "Переговоры с {partner} по транзитному тарифу зашли в тупик из-за условия об индексации.",
        ],
        "ot": [
            "Сервер архива SCADA на станции {station} перестал получать данные от {n} RTU после обновления "
            "прошивки.",
            "Давление в трубопроводе {pipeline} упало до {n} бар в {time}; система ПАЗ не сработала.",
        ],
        "newsletter": [
            "Цены на нефть выросли на {percent}% {date}.",
            "Региональный энергетический форум в городе {city} соберёт более {num} участников из {n} стран.",
        ],
    },
    "ms": {
        "routine": [
            "Mesyuarat penyelarasan mingguan akan diadakan pada {date} jam {time} di bilik {room}.",
            "Sila kemukakan pelan cuti anda bagi suku tahun hadapan selewat-lewatnya pada {date}.",
            "Kafeteria di tingkat bawah akan ditutup pada {date} untuk kerja-kerja penyelenggaraan.",
            "Kehadiran ke kursus pengurusan rekod adalah wajib bagi semua pegawai baharu.",
            "Tuntutan perjalanan hendaklah dikemukakan dalam tempoh {n} hari bekerja selepas kembali bertugas.",
            "Draf minit mesyuarat yang lalu dilampirkan; sebarang ulasan boleh dikemukakan sebelum {date}.",
            "Perpustakaan telah menerima {n} judul baharu berkaitan undang-undang antarabangsa dan dasar tenaga.",
            "Latihan kebakaran akan bermula pada {date} jam {time}; sila keluar melalui tangga terdekat.",
            "Jamuan perpisahan untuk {person} akan diadakan pada {date}; sila maklumkan kehadiran anda.",
            "Terima kasih atas sumbangan semua pihak dalam penyediaan laporan tahunan.",
            "Kawasan letak kereta di belakang bangunan {n} akan ditutup pada {date}.",
            "Sila biarkan komputer anda dihidupkan pada petang Jumaat kerana kemas kini perisian akan dijalankan.",
            "Pendaftaran bagi program latihan dalaman akan ditutup pada {date}.",
            "Pesanan katering untuk majlis sambutan tahun baharu perlu dibuat sebelum {date}.",
        ],
        "diplomatic": [
            "Semasa rundingan di {city}, delegasi {country} menyatakan semula minat untuk menandatangani kenyataan "
            "bersama sebelum akhir tahun {year}.",
            "Duta telah diterima oleh Timbalan Menteri yang menegaskan bahawa isu sempadan maritim perlu ditangani "
            "secara dua hala.",
            "Rakan sejawat kami memaklumkan secara tidak rasmi bahawa {country} akan berkecuali dalam undian akan "
            "datang.",
            "Kedutaan mencadangkan agar lawatan Menteri ditangguhkan sehingga selepas pilihan raya di {country}.",
            "Draf memorandum persefahaman mengenai kerjasama tenaga telah disemak; {n} perkara masih memerlukan "
            "penjelasan undang-undang.",
            "Menurut sumber kami di {city}, kerajaan berhasrat membuka semula rundingan mengenai perjanjian transit "
            "saluran paip.",
            "Konsul Jeneral melaporkan bahawa {n} warganegara kita masih ditahan di {city}; akses konsular telah "
            "dipohon dua kali.",
            "Mohon hasil pertemuan ini dirahsiakan sehingga Menteri diberi taklimat.",
            "Isu keselamatan maritim dijangka dibangkitkan dalam mesyuarat pegawai kanan di {city}.",
            "Duta telah bertemu Timbalan Menteri Luar Negeri pada {date} bagi membincangkan peningkatan nilai "
            "dagangan dua hala.",
            "Pihak rakan mencadangkan agar perjanjian kemudahan visa dibincangkan dalam pusingan rundingan "
            "seterusnya.",
            "Perutusan Tetap kita terus berusaha supaya perenggan berkaitan sekatan dikeluarkan daripada draf "
            "resolusi.",
            "Persetujuan belum dicapai mengenai perkataan dalam perenggan {n} draf kenyataan bersama.",
        ],
        "infrastructure": [
            "Gerbang VPN baharu {host} ({ip}) akan menggantikan gerbang lama pada {date}.",
            "Pengawal domain {host} dan {host2} akan dikemas kini semasa tetingkap penyelenggaraan.",
            "Sila tambah subrangkaian {subnet} ke dalam senarai yang dibenarkan pada proksi.",
            "Sandaran pangkalan data Exchange dijalankan setiap malam pada jam {time} ke NAS di {ip}.",
        ],
        "cred": [
            "Kata laluan sementara bagi akaun VPN {user} ialah {password}; sila tukar semasa log masuk pertama.",
            "Wi-Fi bilik mesyuarat: SSID {ssid}, kata laluan {password}.",
        ],
        "pii": [
            "Untuk permohonan visa, nombor pasport {fullname} ialah {passport}, sah sehingga {date}.",
            "{fullname} boleh dihubungi di talian {phone} sepanjang lawatan.",
            "No. Kad Pengenalan: {natid}, tarikh lahir: {dob}.",
        ],
        "financial": [
            "Sila pindahkan {amount} ke akaun pembekal {account_org}, rujukan {ref}.",
            "Invois {ref} berjumlah {amount} telah tertunggak selama {n} hari.",
            "Bayaran balik sebanyak {amount} kepada {fullname} akan dikreditkan ke {account}.",
        ],
        "commercial": [
            "Penilaian teknikal bagi tender {ref} telah selesai; {n} daripada {n2} petender lulus prakelayakan.",
            "Tawaran kami untuk pembekalan {item} ialah {amount}, sah selama {n} hari dari {date}.",
            "Kontraktor memohon perintah perubahan bernilai {amount} bagi kerja paip tambahan di {site}.",
            "Harga tawaran untuk {project} hendaklah dirahsiakan dalam jawatankuasa tender sehingga keputusan "
            "diumumkan.",
            "Rakan kongsi usaha sama bersetuju menaikkan bajet perbelanjaan modal bagi {field} kepada {amount}.",
            "Draf kontrak EPC bagi {project} mengehadkan ganti rugi tertentu kepada {percent}% daripada nilai "
            "kontrak.",
            "Jawatankuasa perolehan akan bermesyuarat pada {date} untuk memutuskan kontrak penyelenggaraan pemampat.",
            "Rundingan dengan {partner} mengenai tarif transit tergendala kerana klausa indeksasi.",
        ],
        "ot": [
            "Pelayan historian SCADA di {station} berhenti mengumpul data daripada {n} RTU selepas kemas kini "
            "perisian tegar.",
            "PLC yang mengawal pemampat di {station} berada dalam rangkaian proses {subnet}.",
            "Tekanan saluran paip {pipeline} menurun kepada {n} bar pada jam {time}; sistem penutupan kecemasan "
            "tidak diaktifkan.",
            "Akses jauh vendor ke DCS di {station} hanya dibenarkan melalui pelayan lompat OT.",
        ],
        "newsletter": [
            "Menteri Luar Negeri menerima kunjungan delegasi {country} dan membincangkan kerjasama perdagangan, "
            "pelancongan dan pendidikan.",
            "Harga minyak mentah meningkat {percent}% pada {date}.",
            "Forum tenaga serantau di {city} dijangka menghimpunkan lebih {num} peserta dari {n} negara.",
            "Untuk berhenti melanggan buletin ini, sila gunakan pautan di bahagian bawah mesej.",
            "Lapangan terbang mengendalikan {num} penumpang bulan lalu.",
            "Bank pusat dijangka mengekalkan kadar faedah dalam mesyuarat pada {date}.",
        ],
    },
    "ro": {
        "routine": [
            "Ședința săptămânală de coordonare va avea loc pe {date}, la ora {time}, în sala {room}.",
            "Vă rog să transmiteți planificarea concediilor pentru trimestrul următor până la data de {date}.",
            "Cantina de la parter va fi închisă pe {date} pentru lucrări de întreținere.",
            "Participarea la cursul de gestionare a documentelor este obligatorie pentru personalul nou.",
            "Deconturile de deplasare se depun în termen de {n} zile lucrătoare de la întoarcere.",
            "Proiectul de minută al ultimei ședințe este atașat; observațiile se primesc până pe {date}.",
            "Biblioteca a primit {n} titluri noi de drept internațional și politică energetică.",
            "Exercițiul de evacuare în caz de incendiu va începe pe {date}, la ora {time}.",
            "Vă mulțumesc tuturor pentru contribuția la raportul anual.",
            "Organizăm o masă de rămas-bun pentru {person} pe {date}; vă rog să confirmați participarea.",
            "Vă rugăm să lăsați calculatoarele pornite vineri după program, pentru instalarea actualizărilor.",
            "Înscrierile pentru programul intern de formare se încheie pe {date}.",
            "Comanda de catering pentru recepția de Anul Nou trebuie transmisă până pe {date}.",
        ],
        "diplomatic": [
            "În cadrul consultărilor de la {city}, partenerii din {country} și-au reiterat interesul pentru o "
            "declarație comună până la sfârșitul anului {year}.",
            "Ambasadorul a fost primit de adjunctul ministrului, care a subliniat că problema frontierelor maritime "
            "trebuie tratată bilateral.",
            "Interlocutorii noștri au indicat informal că partenerii din {country} se vor abține la votul următor.",
            "Ambasada recomandă amânarea vizitei ministrului până după alegerile parlamentare din {country}.",
            "Proiectul de memorandum de înțelegere privind cooperarea energetică a fost analizat; {n} articole "
            "necesită avizul juridic.",
            "Potrivit surselor noastre din {city}, guvernul intenționează să redeschidă negocierile privind acordul "
            "de tranzit al gazoductului.",
            "Consulatul General raportează că {n} cetățeni români se află încă în arest la {city}; accesul consular "
            "a fost solicitat de două ori.",
            "Vă rugăm să tratați rezultatele întâlnirii cu discreție până la informarea ministrului.",
            "Situația de securitate din regiunea Mării Negre va fi discutată la reuniunea de la {city}.",
            "Ambasadorul a avut pe {date} o întrevedere cu secretarul de stat, în care s-a discutat creșterea "
            "schimburilor comerciale.",
            "Partea parteneră a propus ca acordul privind facilitarea vizelor să fie discutat în următoarea "
            "rundă de negocieri.",
            "Reprezentanța Permanentă continuă demersurile pentru eliminarea paragrafului privind sancțiunile "
            "din proiectul de rezoluție.",
            "Nu s-a ajuns la un acord asupra formulării paragrafului {n} din proiectul de declarație comună.",
        ],
        "infrastructure": [
            "Noul gateway VPN {host} ({ip}) va înlocui vechiul echipament pe {date}.",
            "Controlerele de domeniu {host} și {host2} vor fi actualizate în fereastra de mentenanță.",
            "Vă rugăm să adăugați subrețeaua {subnet} în lista albă a serverului proxy.",
            "Backup-ul bazelor de date Exchange rulează în fiecare noapte la ora {time} pe NAS-ul de la {ip}.",
        ],
        "cred": [
            "Parola temporară pentru contul VPN {user} este {password}; vă rugăm să o schimbați la prima "
            "autentificare.",
            "Parola de administrator local pe {host} a fost resetată la {password}.",
        ],
        "pii": [
            "Pentru cererea de viză, numărul pașaportului lui {fullname} este {passport}, valabil până la {date}.",
            "{fullname} poate fi contactat la numărul de mobil {phone} pe durata vizitei.",
            "CNP: {natid}, data nașterii: {dob}.",
        ],
        "financial": [
            "Vă rugăm să virați suma de {amount} în contul furnizorului {account_org}, referința {ref}.",
            "Factura {ref} în valoare de {amount} este restantă de {n} zile.",
            "Rambursarea de {amount} către {fullname} se va face în {account}.",
        ],
        "commercial": [
            "Evaluarea tehnică a ofertelor pentru licitația {ref} s-a încheiat; {n} din {n2} ofertanți au trecut "
            "de precalificare.",
            "Oferta noastră pentru furnizarea de {item} este de {amount}, valabilă {n} zile de la {date}.",
            "Contractorul a solicitat un act adițional de {amount} pentru lucrări suplimentare de conducte la "
            "{site}.",
            "Propunerea financiară pentru {project} rămâne în cadrul comisiei de licitație până la anunțarea "
            "câștigătorului.",
            "Negocierile cu {partner} privind tariful de tranzit s-au blocat din cauza clauzei de indexare.",
            "Proiectul de contract EPC pentru {project} plafonează penalitățile de întârziere la {percent}% din "
            "valoarea contractului.",
            "Comisia de achiziții se va reuni pe {date} pentru atribuirea contractului de mentenanță a "
            "compresoarelor.",
            "Partenerii din asocierea în participațiune au aprobat creșterea bugetului de investiții pentru "
            "{field} la {amount}.",
        ],
        "ot": [
            "Serverul historian SCADA de la {station} a încetat să colecteze date de la {n} RTU după actualizarea "
            "firmware.",
            "PLC-urile care controlează compresoarele de la {station} se află în rețeaua de proces {subnet}.",
            "Presiunea pe conducta {pipeline} a scăzut la {n} bar la ora {time}; sistemul de oprire de urgență nu "
            "a declanșat.",
            "Ecranele HMI din camera de comandă vor fi migrate la noua versiune a software-ului de operare pe "
            "{date}.",
        ],
        "newsletter": [
            "Ministrul Afacerilor Externe a primit delegația din {country} și a discutat cooperarea în domeniile "
            "comerțului, turismului și educației.",
            "Prețul petrolului a crescut cu {percent}% pe {date}.",
            "Forumul regional al energiei de la {city} va reuni peste {num} participanți din {n} țări.",
            "Pentru dezabonare folosiți linkul din partea de jos a mesajului.",
            "Aeroportul a deservit luna trecută {num} de pasageri.",
            "Banca centrală este așteptată să mențină dobânda de politică monetară la ședința din {date}.",
        ],
    },
    "ko": {
        "routine": [
            "주간 조정회의가 {date} {time}에 {room}호 회의실에서 열릴 예정입니다.",
            "다음 분기 휴가 계획을 {date}까지 제출해 주시기 바랍니다.",
            "1층 구내식당은 시설 점검으로 {date}에 운영하지 않습니다.",
            "신규 직원은 기록물 관리 교육에 반드시 참석해야 합니다.",
            "출장 경비 정산은 복귀 후 {n}일 이내에 제출해 주십시오.",
            "지난 회의의 회의록 초안을 첨부합니다. 의견은 {date}까지 보내 주시기 바랍니다.",
            "도서관에 국제법과 에너지 정책 관련 신간 {n}권이 입고되었습니다.",
            "소방 훈련은 {date} {time}에 시작되니 가장 가까운 계단으로 대피해 주시기 바랍니다.",
            "{person}님의 송별 오찬을 {date}에 진행하오니 참석 여부를 알려 주십시오.",
            "연례 보고서 작성에 협조해 주신 모든 분께 감사드립니다.",
            "인트라넷 비밀번호는 {n}일마다 변경해야 하며, 헬프데스크에서 안내 메일을 발송할 예정입니다.",
            "금요일 퇴근 시 소프트웨어 업데이트를 위해 컴퓨터를 켜 두시기 바랍니다.",
            "내부 교육 프로그램 신청은 {date}에 마감됩니다.",
            "신년 리셉션 케이터링 주문은 {date}까지 완료해야 합니다.",
        ],
        "diplomatic": [
            "{city}에서 열린 협의에서 {country} 대표단은 연내 공동성명 채택에 대한 관심을 재확인하였습니다.",
            "대사는 외교차관을 면담하였으며, 차관은 해양 경계 문제를 양자 차원에서 다루어야 한다고 강조하였습니다.",
            "상대측은 제재 관련 문안이 완화되지 않을 경우 {country} 측이 표결에서 기권할 것이라고 비공식적으로 "
            "언급하였습니다.",
            "대사관은 장관의 방문을 {country} 총선 이후로 연기할 것을 건의합니다.",
            "에너지 협력 양해각서 초안을 검토한 결과, {n}개 조항에 대해 법률 검토가 추가로 필요합니다.",
            "{city} 주재 총영사관은 우리 국민 {n}명이 여전히 구금 중이며 영사 접견을 두 차례 요청하였다고 "
            "보고하였습니다.",
            "소식통에 따르면 {country} 정부는 가스관 통과 협정에 관한 협상을 재개할 예정입니다.",
            "장관께 보고가 끝날 때까지 면담 결과를 대외에 공개하지 않도록 유의하여 주시기 바랍니다.",
            "한반도 정세와 관련하여 {country} 측은 대화 재개를 지지한다는 입장을 밝혔습니다.",
            "대사는 {date} 외교차관과 면담하고 양국 간 교역 확대 방안을 협의하였습니다.",
            "상대측은 비자 간소화 협정을 차기 협상에서 논의할 것을 제안하였습니다.",
            "우리 대표부는 결의안 초안에서 제재 관련 문단이 삭제되도록 교섭을 계속하고 있습니다.",
            "공동성명 초안 {n}항의 문안에 대해서는 아직 합의에 이르지 못하였습니다.",
        ],
        "infrastructure": [
            "신규 VPN 게이트웨이 {host}({ip})가 {date}부터 기존 장비를 대체합니다.",
            "도메인 컨트롤러 {host} 및 {host2}는 정기 점검 시간에 패치될 예정입니다.",
            "{subnet} 대역을 프록시 허용 목록에 추가해 주시기 바랍니다.",
            "Exchange 데이터베이스 백업은 매일 밤 {time}에 {ip}의 NAS로 수행됩니다.",
        ],
        "cred": [
            "VPN 계정 {user}의 임시 비밀번호는 {password}입니다. 최초 로그인 시 변경해 주십시오.",
            "회의실 무선랜: SSID {ssid}, 비밀번호 {password}",
        ],
        "pii": [
            "비자 신청을 위한 {fullname}의 여권번호는 {passport}이며 {date}까지 유효합니다.",
            "방문 기간 중 {fullname}의 휴대전화 번호는 {phone}입니다.",
            "주민등록번호: {natid}, 생년월일: {dob}",
        ],
        "financial": [
            "공급업체 계좌({account_org})로 {amount}을 송금해 주시기 바랍니다. 참조번호 {ref}.",
            "{ref}번 청구서 {amount}이 {n}일째 미납 상태입니다.",
            "{fullname}에게 지급할 {amount}은 {account}로 입금될 예정입니다.",
        ],
        "commercial": [
            "입찰 {ref}에 대한 기술 평가가 완료되었으며, {n2}개 입찰사 중 {n}개사가 사전 적격 심사를 "
            "통과하였습니다.",
            "{item} 공급에 대한 당사 제안가는 {amount}이며, {date}부터 {n}일간 유효합니다.",
            "{partner}와의 LNG 장기 도입 계약은 최소 인수 물량을 {percent}%로 규정하고 있습니다.",
            "{project} 가격 제안서는 낙찰 발표 전까지 입찰위원회 내부에서만 공유해야 합니다.",
            "경쟁사 {partner}는 약 {amount} 수준으로 입찰할 것으로 예상됩니다.",
            "{project} EPC 계약 초안은 지체상금 상한을 계약금액의 {percent}%로 정하고 있습니다.",
            "구매위원회는 {date}에 압축기 정비 계약 낙찰자를 결정할 예정입니다.",
            "{partner}와의 운송 요금 협상은 물가연동 조항 문제로 교착 상태에 있습니다.",
        ],
        "ot": [
            "{station}의 SCADA 히스토리언 서버가 펌웨어 업데이트 후 RTU {n}대로부터 데이터를 수집하지 못하고 "
            "있습니다.",
            "{station} 압축기를 제어하는 PLC는 {subnet} 공정망에 연결되어 있습니다.",
            "{time}에 {pipeline} 배관 압력이 {n} bar로 떨어졌으나 비상정지 시스템이 작동하지 않았습니다.",
            "중앙제어실 HMI 화면은 {date}에 새로운 운전 소프트웨어로 전환됩니다.",
        ],
        "newsletter": [
            "외교부 장관은 {country} 대표단을 접견하고 통상, 관광, 교육 분야 협력 방안을 논의하였습니다.",
            "{date} 국제 유가는 {percent}% 상승하였습니다.",
            "{city}에서 열리는 지역 에너지 포럼에는 {n}개국에서 {num}명 이상이 참가할 예정입니다.",
            "뉴스레터 수신을 원하지 않으시면 하단의 링크를 이용해 주십시오.",
            "공항 이용객은 지난달 {num}명으로 집계되었습니다.",
            "중앙은행은 {date} 회의에서 기준금리를 동결할 것으로 예상됩니다.",
        ],
    },
    "ar": {
        "routine": [
            "سيعقد الاجتماع التنسيقي الأسبوعي يوم {date} الساعة {time} في القاعة رقم {room}.",
            "يرجى إرسال خطة الإجازات للربع القادم في موعد أقصاه {date}.",
            "سيتم إغلاق المقصف في الطابق الأرضي يوم {date} لأعمال الصيانة.",
            "حضور الدورة التدريبية في إدارة السجلات إلزامي لجميع الموظفين الجدد.",
            "يجب تقديم مطالبات السفر خلال {n} أيام عمل من تاريخ العودة.",
            "مرفق مسودة محضر الاجتماع السابق، ونرحب بملاحظاتكم حتى {date}.",
            "تلقت المكتبة {n} عناوين جديدة في القانون الدولي وسياسات الطاقة.",
            "سيبدأ تمرين الإخلاء يوم {date} الساعة {time}، يرجى مغادرة المبنى عبر أقرب درج.",
            "نشكر الجميع على مساهماتهم في إعداد التقرير السنوي.",
            "ننظم غداء وداع للزميل {person} يوم {date}، يرجى تأكيد الحضور.",
            "سيتم إغلاق موقف السيارات خلف المبنى رقم {n} يوم {date}.",
            "يرجى ترك أجهزة الحاسوب قيد التشغيل مساء يوم الخميس لتثبيت التحديثات.",
            "ينتهي التسجيل في برنامج التدريب الداخلي بتاريخ {date}.",
            "يجب تقديم طلب الضيافة لحفل الاستقبال السنوي قبل {date}.",
        ],
        "diplomatic": [
            "خلال المشاورات التي جرت في {city}، جدد وفد {country} اهتمامه بإصدار بيان مشترك قبل نهاية عام {year}.",
            "استقبل نائب الوزير السفير وأكد أن مسألة الحدود البحرية يجب أن تعالج على المستوى الثنائي.",
            "أشار نظراؤنا بشكل غير رسمي إلى أن {country} ستمتنع عن التصويت ما لم يتم تخفيف النص المتعلق بالعقوبات.",
            "توصي السفارة بتأجيل زيارة الوزير إلى ما بعد الانتخابات البرلمانية في {country}.",
            "تمت مراجعة مسودة مذكرة التفاهم بشأن التعاون في مجال الطاقة، ولا تزال {n} مواد بحاجة إلى مراجعة قانونية.",
            "وفقاً لمصادرنا في {city}، تعتزم الحكومة إعادة فتح المفاوضات بشأن اتفاقية عبور خط الأنابيب.",
            "أفادت القنصلية العامة في {city} بأن {n} من المواطنين لا يزالون محتجزين، وقد طلب الوصول القنصلي مرتين.",
            "يرجى التعامل مع نتائج هذا الاجتماع بسرية تامة إلى حين إحاطة الوزير.",
            "ناقش الجانبان تطورات الأمن البحري في الخليج وسبل تعزيز التنسيق الإقليمي.",
            "التقى السفير بتاريخ {date} بنائب وزير الخارجية وبحث معه سبل زيادة حجم التبادل التجاري الثنائي.",
            "اقترح الجانب الآخر مناقشة اتفاقية تسهيل التأشيرات في الجولة القادمة من المفاوضات.",
            "تواصل بعثتنا الدائمة جهودها لحذف الفقرة المتعلقة بالعقوبات من مشروع القرار.",
            "لم يتم التوصل إلى توافق بشأن صياغة الفقرة {n} من مشروع البيان المشترك.",
        ],
        "infrastructure": [
            "ستحل بوابة VPN الجديدة {host} ({ip}) محل البوابة القديمة بتاريخ {date}.",
            "سيتم تحديث وحدات التحكم بالنطاق {host} و{host2} خلال نافذة الصيانة.",
            "يرجى إضافة الشبكة الفرعية {subnet} إلى قائمة السماح في الخادم الوكيل.",
            "يتم النسخ الاحتياطي لقواعد بيانات Exchange كل ليلة الساعة {time} إلى جهاز NAS على العنوان {ip}.",
        ],
        "cred": [
            "كلمة المرور المؤقتة لحساب VPN {user} هي {password}، يرجى تغييرها عند أول تسجيل دخول.",
            "تمت إعادة تعيين كلمة مرور المسؤول المحلي على {host} إلى {password}.",
        ],
        "pii": [
            "لغرض طلب التأشيرة، رقم جواز سفر {fullname} هو {passport} وصالح حتى {date}.",
            "يمكن التواصل مع {fullname} على رقم الهاتف المحمول {phone} خلال فترة الزيارة.",
            "الرقم الشخصي: {natid}، تاريخ الميلاد: {dob}.",
        ],
        "financial": [
            "يرجى تحويل مبلغ {amount} إلى حساب المورد {account_org}، المرجع {ref}.",
            "الفاتورة رقم {ref} بمبلغ {amount} متأخرة السداد منذ {n} يوماً.",
            "سيتم تحويل مبلغ {amount} المستحق للسيد {fullname} إلى الحساب {account}.",
        ],
        "commercial": [
            "اكتمل التقييم الفني للعطاءات الخاصة بالمناقصة {ref}، "
            "واجتاز {n} من أصل {n2} مقدمي العطاءات التأهيل المسبق.",
            "عرضنا لتوريد {item} هو {amount}، وهو ساري المفعول لمدة {n} يوماً من {date}.",
            "طلب المقاول أمر تغيير بقيمة {amount} لأعمال أنابيب إضافية في {site}.",
            "يجب أن يبقى العرض المالي لمشروع {project} داخل لجنة المناقصات حتى الإعلان عن الترسية.",
            "وافق الشركاء في المشروع المشترك على زيادة ميزانية الإنفاق الرأسمالي لحقل {field} إلى {amount}.",
            "ستجتمع لجنة المشتريات بتاريخ {date} للبت في ترسية عقد صيانة الضواغط.",
            "توقفت المفاوضات مع {partner} حول تعرفة العبور بسبب بند ربط الأسعار بالمؤشر.",
        ],
        "ot": [
            "توقف خادم أرشيف SCADA في {station} عن جمع البيانات من {n} وحدات RTU بعد تحديث البرنامج الثابت.",
            "وحدات PLC التي تتحكم في الضواغط في {station} موجودة على شبكة العمليات {subnet}.",
            "انخفض الضغط في خط أنابيب {pipeline} إلى {n} بار الساعة {time} ولم يعمل نظام الإيقاف الطارئ.",
        ],
        "newsletter": [
            "استقبل وزير الخارجية وفد {country} وبحث معه سبل التعاون في مجالات التجارة والسياحة والتعليم.",
            "ارتفعت أسعار النفط بنسبة {percent}% يوم {date}.",
            "يشارك أكثر من {num} مشارك من {n} دولة في منتدى الطاقة الإقليمي في {city}.",
            "لإلغاء الاشتراك في هذه النشرة يرجى استخدام الرابط في أسفل الرسالة.",
            "استقبل المطار {num} مسافر خلال الشهر الماضي.",
            "من المتوقع أن يبقي المصرف المركزي أسعار الفائدة دون تغيير في اجتماعه يوم {date}.",
        ],
    },
}

# English clause parts combined at random: thousands of distinct sentences for search benchmarks.
COMBOS: dict[str, tuple[list[str], list[str], list[str], list[str]]] = {
    "diplomatic": (
        ["The Deputy Foreign Minister of {country}", "Our Ambassador in {city}", "The head of the {country} "
         "delegation", "The Political Director", "A senior adviser to the Prime Minister of {country}",
         "The Permanent Representative in Geneva", "Our counterparts in {city}", "The Chargé d'affaires",
         "The Director for Regional Affairs", "The Minister's chief of staff"],
        ["raised", "asked about", "expressed reservations on", "welcomed", "reaffirmed support for",
         "proposed to revisit", "requested clarification on", "undertook to consult the capital on",
         "signalled flexibility on", "warned against linking"],
        ["the draft joint communiqué", "the timetable for the next round of talks", "the transit fee arrangements",
         "the visa facilitation agreement", "the maritime delimitation file",
         "the candidature for the non-permanent seat", "the extradition request", "the joint economic commission",
         "the energy security dialogue", "the investment protection treaty",
         "the sanctions language in the resolution"],
        ["during the working dinner", "on the margins of the summit in {city}", "in a telephone call on {date}",
         "at the meeting of senior officials", "ahead of the ministerial visit", "in a private conversation",
         "before the vote next week"],
    ),
    "commercial": (
        ["The bid committee", "{partner}", "Our procurement team", "The joint venture operator",
         "The EPC contractor", "The gas marketing desk", "The legal department", "The investment committee",
         "The lenders' technical adviser"],
        ["approved", "rejected", "requested a revised price for", "is renegotiating", "flagged risks in",
         "shortlisted bidders for", "asked for a discount on", "deferred the decision on",
         "signed the term sheet for"],
        ["the supply of {item}", "the {project} EPC package", "the transit capacity booking",
         "the long-term LNG offtake", "the compressor overhaul contract", "the drilling rig extension",
         "the seismic survey tender", "the pipeline coating works at {site}"],
        ["before the end of the quarter", "at the meeting on {date}", "subject to board approval",
         "pending the final investment decision", "with a target price of {amount}",
         "following the clarification round"],
    ),
    "routine": (
        ["The HR unit", "The facilities team", "The archives section", "Our department", "The training centre",
         "The IT helpdesk", "The translation unit", "The secretariat"],
        ["will circulate", "has updated", "kindly requests", "will collect", "has scheduled", "is reviewing"],
        ["the holiday calendar", "the staff evaluation forms", "the list of participants for the workshop",
         "the new filing plan", "the room booking rules", "the parking permits", "the annual leave balances",
         "the catering order for the reception"],
        ["by {date}", "next week", "before the end of the month", "after the holiday", "on {date} at {time}"],
    ),
    "ot": (
        ["The control room operators", "The SCADA team", "The instrumentation engineers",
         "The vendor's field engineer", "The night shift", "The telemetry contractor"],
        ["reported an alarm flood from", "replaced the firmware on", "recalibrated", "isolated", "restarted",
         "found a configuration drift on"],
        ["the RTU cabinet", "the gas chromatograph", "the PLC rack", "the flow computer", "the HMI server",
         "the safety PLC", "the engineering workstation"],
        ["at {station}", "at {station} during the night shift", "at {station} after the power dip",
         "on the {pipeline} pipeline"],
    ),
}

SUBJECTS: dict[str, dict[str, list[str]]] = {
    "en": {
        "routine": ["Weekly coordination meeting", "Leave plan Q{q}", "Canteen closure on {date}",
                    "Training on records management", "Travel claims reminder", "Fire drill {date}",
                    "Draft minutes", "Farewell lunch for {person}", "Office move", "Staff survey",
                    "Parking area closure", "Shuttle bus timetable"],
        "diplomatic": ["Consultations in {city}", "Visit of the Minister - recommendations",
                       "Meeting with the Deputy Minister", "Draft MoU on energy cooperation",
                       "Position of {country} on the draft resolution",
                       "Talking points for the meeting with the FM of {country}", "Consular cases in {city}",
                       "Report on bilateral political consultations", "Cable {ref}: {country} domestic situation",
                       "Joint economic commission in {city}"],
        "infrastructure": ["VPN gateway replacement", "Maintenance window {date}", "Firewall change {ref}",
                           "Proxy allow-list request", "AD replication errors", "Backup schedule change",
                           "Citrix certificate renewal"],
        "cred": ["New VPN account", "Password reset", "Access details", "Wi-Fi for the conference",
                 "Service account update"],
        "pii": ["Visa application - {fullname}", "Contact details for the visit", "Personnel file update",
                "Emergency contacts"],
        "financial": ["Payment request {ref}", "Overdue invoice {ref}", "Per diem for the delegation",
                      "Reimbursement", "Budget revision"],
        "commercial": ["Tender {ref} - technical evaluation", "Offer for {item}", "Variation order - {site}",
                       "GSA commercial terms", "Bid strategy {project}", "Award of compressor maintenance contract",
                       "Farm-out {field}"],
        "ot": ["SCADA historian issue at {station}", "PLC network at {station}", "Pressure drop on {pipeline}",
               "HMI migration", "OT security assessment findings", "ESD test at {station}"],
        "newsletter": ["Daily press summary - {date}", "Energy Weekly #{n}", "Regional Energy Bulletin - {date}",
                       "News digest {date}"],
    },
    "tr": {
        "routine": ["Haftalık koordinasyon toplantısı", "İzin planları", "Yemekhane kapanışı", "Yangın tatbikatı",
                    "Toplantı tutanağı taslağı"],
        "diplomatic": ["{city} istişareleri", "Bakan ziyareti hk.", "Mutabakat zaptı taslağı",
                       "{country} tutumu hk.", "Konsolosluk vakaları"],
        "infrastructure": ["VPN geçidi değişikliği", "Bakım penceresi {date}", "Güvenlik duvarı kuralı {ref}"],
        "cred": ["Yeni VPN hesabı", "Parola sıfırlama"],
        "pii": ["Vize başvurusu - {fullname}", "İletişim bilgileri"],
        "financial": ["Ödeme talebi {ref}", "Geciken fatura {ref}", "Harcırah"],
        "commercial": ["İhale {ref} teknik değerlendirme", "{item} teklifi", "Değişiklik emri - {site}",
                       "Fiyat stratejisi {project}"],
        "ot": ["{station} SCADA sorunu", "{pipeline} basınç düşüşü", "HMI geçişi"],
        "newsletter": ["Günlük basın özeti - {date}", "Enerji Bülteni #{n}"],
    },
    "az": {
        "routine": ["Həftəlik iclas", "Məzuniyyət planları", "Yanğın təhlükəsizliyi təlimi"],
        "diplomatic": ["{city} məsləhətləşmələri", "Nazirin səfəri barədə", "Anlaşma memorandumunun layihəsi",
                       "{country} mövqeyi"],
        "infrastructure": ["VPN şlüzünün dəyişdirilməsi", "Texniki xidmət {date}"],
        "cred": ["Yeni VPN hesabı", "Parolun bərpası"],
        "pii": ["Viza müraciəti - {fullname}"],
        "financial": ["Ödəniş sorğusu {ref}", "Gecikmiş hesab-faktura {ref}"],
        "commercial": ["Tender {ref} - texniki qiymətləndirmə", "{item} üzrə təklif", "{field} büdcəsi"],
        "ot": ["{station} SCADA problemi", "{pipeline} təzyiq düşməsi"],
        "newsletter": ["Gündəlik mətbuat icmalı - {date}"],
    },
    "ru": {
        "routine": ["Еженедельное совещание", "График отпусков"],
        "diplomatic": ["Консультации в городе {city}", "Проект меморандума"],
        "infrastructure": ["Замена VPN-шлюза"],
        "cred": ["Новая учётная запись VPN"],
        "pii": ["Визовые данные - {fullname}"],
        "financial": ["Запрос на оплату {ref}"],
        "commercial": ["Тендер {ref}", "Транзитный тариф"],
        "ot": ["Проблема SCADA на станции {station}"],
        "newsletter": ["Обзор прессы {date}"],
    },
    "ms": {
        "routine": ["Mesyuarat penyelarasan mingguan", "Pelan cuti", "Latihan kebakaran", "Draf minit mesyuarat"],
        "diplomatic": ["Rundingan di {city}", "Lawatan Menteri", "Draf memorandum persefahaman",
                       "Pendirian {country}"],
        "infrastructure": ["Penggantian gerbang VPN", "Tetingkap penyelenggaraan {date}"],
        "cred": ["Akaun VPN baharu", "Set semula kata laluan"],
        "pii": ["Permohonan visa - {fullname}"],
        "financial": ["Permohonan bayaran {ref}", "Invois tertunggak {ref}"],
        "commercial": ["Tender {ref} - penilaian teknikal", "Tawaran {item}", "Perintah perubahan - {site}"],
        "ot": ["Isu SCADA di {station}", "Tekanan {pipeline}"],
        "newsletter": ["Ringkasan akhbar harian - {date}"],
    },
    "ro": {
        "routine": ["Ședința săptămânală", "Planificarea concediilor", "Exercițiu de evacuare", "Proiect de minută"],
        "diplomatic": ["Consultări la {city}", "Vizita ministrului", "Proiect de memorandum", "Poziția {country}"],
        "infrastructure": ["Înlocuire gateway VPN", "Fereastră de mentenanță {date}"],
        "cred": ["Cont VPN nou", "Resetare parolă"],
        "pii": ["Cerere de viză - {fullname}"],
        "financial": ["Cerere de plată {ref}", "Factură restantă {ref}"],
        "commercial": ["Licitația {ref} - evaluare tehnică", "Ofertă {item}", "Act adițional - {site}"],
        "ot": ["Problemă SCADA la {station}", "Scădere de presiune pe {pipeline}"],
        "newsletter": ["Revista presei - {date}"],
    },
    "ko": {
        "routine": ["주간 조정회의 안내", "휴가 계획 제출", "소방 훈련 안내", "회의록 초안"],
        "diplomatic": ["{city} 협의 결과", "장관 방문 관련 건의", "양해각서 초안 검토", "{country} 입장 보고"],
        "infrastructure": ["VPN 게이트웨이 교체", "정기 점검 안내 {date}"],
        "cred": ["VPN 계정 발급", "비밀번호 초기화"],
        "pii": ["비자 신청 - {fullname}"],
        "financial": ["송금 요청 {ref}", "미납 청구서 {ref}"],
        "commercial": ["입찰 {ref} 기술 평가", "{item} 공급 제안", "{project} 가격 제안"],
        "ot": ["{station} SCADA 장애", "{pipeline} 압력 저하"],
        "newsletter": ["일일 언론 동향 - {date}"],
    },
    "ar": {
        "routine": ["الاجتماع التنسيقي الأسبوعي", "خطة الإجازات", "تمرين الإخلاء", "مسودة محضر الاجتماع"],
        "diplomatic": ["مشاورات {city}", "زيارة الوزير", "مسودة مذكرة التفاهم", "موقف {country}"],
        "infrastructure": ["استبدال بوابة VPN", "نافذة الصيانة {date}"],
        "cred": ["حساب VPN جديد", "إعادة تعيين كلمة المرور"],
        "pii": ["طلب تأشيرة - {fullname}"],
        "financial": ["طلب دفع {ref}", "فاتورة متأخرة {ref}"],
        "commercial": ["المناقصة {ref} - التقييم الفني", "عرض توريد {item}"],
        "ot": ["مشكلة SCADA في {station}", "انخفاض الضغط في {pipeline}"],
        "newsletter": ["الملخص الصحفي اليومي - {date}"],
    },
}

# Banner texts by language: (marking, level). Level follows DESIGN §4: CONFIDENTIAL-class 2,
# SECRET-class and TLP:RED 3, TOP SECRET-class 4. Romanian "SECRET" alone is CONFIDENTIAL-class
# in Romania, so it is left out to keep the ground truth unambiguous.
MARKINGS: dict[str, list[tuple[str, int]]] = {
    "en": [("CONFIDENTIAL", 2), ("SECRET", 3), ("TOP SECRET", 4), ("TLP:RED", 3)],
    "tr": [("GİZLİ", 3), ("ÇOK GİZLİ", 4)],
    "az": [("MƏXFİ", 3), ("TAM MƏXFİ", 4)],
    "ru": [("СЕКРЕТНО", 3), ("СОВЕРШЕННО СЕКРЕТНО", 4)],
    "ms": [("SULIT", 2), ("RAHSIA", 3), ("RAHSIA BESAR", 4)],
    "ro": [("STRICT SECRET", 3), ("STRICT SECRET DE IMPORTANȚĂ DEOSEBITĂ", 4)],
    "ko": [("대외비", 2), ("비밀", 3), ("2급비밀", 3), ("1급비밀", 4)],
    "ar": [("سري", 3), ("سري للغاية", 4)],
}

#: Markings an energy company uses on commercial and incident mail.
ENERGY_MARKINGS: dict[str, list[tuple[str, int]]] = {
    "en": [("CONFIDENTIAL", 2), ("COMMERCIAL IN CONFIDENCE", 2), ("TLP:RED", 3)],
    "tr": [("GİZLİ", 3)],
    "az": [("MƏXFİ", 3)],
    "ru": [("СЕКРЕТНО", 3)],
    "ms": [("SULIT", 2)],
    "ro": [("CONFIDENȚIAL", 2)],
    "ko": [("대외비", 2)],
    "ar": [("سري", 3)],
}
