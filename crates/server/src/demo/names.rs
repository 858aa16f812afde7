//! Names for the demo's people: Dari/Pashto and Persian names with their usual Latin
//! transliteration, names from South Asia, and the provinces with their main towns.

use panah_domain::Province;

/// A name as an Afghan document writes it, and its usual Latin transliteration.
pub(super) type Name = (&'static str, &'static str);

pub(super) const MALE: &[Name] = &[
    ("Mohammad", "محمد"),
    ("Ahmad", "احمد"),
    ("Abdullah", "عبدالله"),
    ("Mahmood", "محمود"),
    ("Hamid", "حمید"),
    ("Karim", "کریم"),
    ("Rahim", "رحیم"),
    ("Nasir", "ناصر"),
    ("Jawad", "جواد"),
    ("Mustafa", "مصطفی"),
    ("Omid", "امید"),
    ("Bilal", "بلال"),
    ("Farhad", "فرهاد"),
    ("Naveed", "نوید"),
    ("Shafiq", "شفیق"),
    ("Zabihullah", "ذبیح‌الله"),
    ("Hekmatullah", "حکمت‌الله"),
    ("Wahid", "وحید"),
    ("Ali", "علی"),
    ("Hussain", "حسین"),
    ("Gul Ahmad", "گل احمد"),
    ("Noorullah", "نورالله"),
    ("Samiullah", "سمیع‌الله"),
    ("Sayed Jalal", "سید جلال"),
];

pub(super) const FEMALE: &[Name] = &[
    ("Fatima", "فاطمه"),
    ("Zainab", "زینب"),
    ("Gul Bibi", "گل‌بی‌بی"),
    ("Maryam", "مریم"),
    ("Khadija", "خدیجه"),
    ("Shabnam", "شبنم"),
    ("Nargis", "نرگس"),
    ("Parwana", "پروانه"),
    ("Fariba", "فریبا"),
    ("Laila", "لیلا"),
    ("Sima", "سیما"),
    ("Zahra", "زهرا"),
    ("Roya", "رویا"),
    ("Malalai", "ملالی"),
    ("Sadia", "سعدیه"),
    ("Freshta", "فرشته"),
    ("Hasina", "حسینه"),
    ("Nazanin", "نازنین"),
    ("Shukria", "شکریه"),
    ("Mahbooba", "محبوبه"),
];

pub(super) const FAMILY: &[Name] = &[
    ("Ahmadi", "احمدی"),
    ("Karimi", "کریمی"),
    ("Rahimi", "رحیمی"),
    ("Hakimi", "حکیمی"),
    ("Sultani", "سلطانی"),
    ("Noori", "نوری"),
    ("Haidari", "حیدری"),
    ("Popal", "پوپل"),
    ("Durrani", "درانی"),
    ("Wardak", "وردک"),
    ("Safi", "صافی"),
    ("Mohammadi", "محمدی"),
    ("Rezaei", "رضایی"),
    ("Hosseini", "حسینی"),
    ("Amiri", "امیری"),
    ("Stanikzai", "ستانکزی"),
    ("Mangal", "منگل"),
    ("Yousufzai", "یوسفزی"),
    ("Sharifi", "شریفی"),
    ("Barakzai", "بارکزی"),
    ("Niazi", "نیازی"),
    ("Jalali", "جلالی"),
    ("Azizi", "عزیزی"),
    ("Hotak", "هوتک"),
];

pub(super) const FATHERS: &[Name] = &[
    ("Abdul Rahman", "عبدالرحمن"),
    ("Ghulam Sakhi", "غلام سخی"),
    ("Mohammad Nabi", "محمد نبی"),
    ("Abdul Qadir", "عبدالقادر"),
    ("Shir Mohammad", "شیر محمد"),
    ("Nazar Mohammad", "نظر محمد"),
    ("Faiz Mohammad", "فیض محمد"),
    ("Abdul Ghafar", "عبدالغفار"),
    ("Gul Mohammad", "گل محمد"),
    ("Mohammad Akbar", "محمد اکبر"),
    ("Sher Ali", "شیرعلی"),
    ("Din Mohammad", "دین محمد"),
    ("Abdullah", "عبدالله"),
    ("Ahmad Shah", "احمد شاه"),
];

/// Iranian names: Persian script or transliteration, like Afghan ones.
pub(super) const IR_MALE: &[Name] = &[
    ("Reza", "رضا"),
    ("Mehdi", "مهدی"),
    ("Hossein", "حسین"),
    ("Amir", "امیر"),
    ("Saeed", "سعید"),
];
pub(super) const IR_FEMALE: &[Name] = &[
    ("Maryam", "مریم"),
    ("Fatemeh", "فاطمه"),
    ("Leila", "لیلا"),
    ("Narges", "نرگس"),
];
pub(super) const IR_FAMILY: &[Name] = &[
    ("Rezaei", "رضایی"),
    ("Jafari", "جعفری"),
    ("Moradi", "مرادی"),
    ("Ghasemi", "قاسمی"),
    ("Kazemi", "کاظمی"),
];

/// Names of people from South Asia, in the Latin script their passports use.
pub(super) const PK_MALE: &[&str] = &[
    "Muhammad Imran",
    "Asif Ali",
    "Bilal Ahmed",
    "Waqas",
    "Shahid",
    "Zeeshan",
];
pub(super) const PK_FEMALE: &[&str] = &["Ayesha", "Nasreen", "Shazia", "Rubina", "Sana"];
pub(super) const PK_FAMILY: &[&str] = &["Khan", "Hussain", "Butt", "Qureshi", "Malik", "Afridi"];
pub(super) const BD_MALE: &[&str] = &["Rahim Uddin", "Mizanur", "Jahangir", "Shafiqul", "Kamal"];
pub(super) const BD_FEMALE: &[&str] = &["Nasrin", "Rina", "Shapla", "Moushumi", "Taslima"];
pub(super) const BD_FAMILY: &[&str] = &["Akter", "Begum", "Hossain", "Miah", "Sarkar", "Islam"];
pub(super) const IN_MALE: &[&str] = &["Ravi", "Suresh", "Amit", "Manoj", "Harpreet"];
pub(super) const IN_FEMALE: &[&str] = &["Sunita", "Pooja", "Lakshmi", "Anjali"];
pub(super) const IN_FAMILY: &[&str] = &["Kumar", "Singh", "Yadav", "Sharma", "Devi"];

/// The provinces where the demo's cases are identified, weighted roughly by where IOM
/// meets victims: the border crossings with Iran (Herat, Nimroz) and Pakistan
/// (Nangarhar, Kandahar), and the capital. Each with its main town for addresses.
pub(super) const PROVINCES: &[(Province, u32, &str, &str)] = &[
    (Province::Herat, 22, "Herat", "هرات"),
    (Province::Kabul, 16, "Kabul", "کابل"),
    (Province::Nangarhar, 11, "Jalalabad", "جلال‌آباد"),
    (Province::Nimroz, 9, "Zaranj", "زرنج"),
    (Province::Kandahar, 8, "Kandahar", "قندهار"),
    (Province::Balkh, 7, "Mazar-e Sharif", "مزار شریف"),
    (Province::Kunduz, 4, "Kunduz", "کندز"),
    (Province::Faryab, 4, "Maymana", "میمنه"),
    (Province::Badghis, 3, "Qala-e Naw", "قلعه نو"),
    (Province::Ghazni, 3, "Ghazni", "غزنی"),
    (Province::Khost, 3, "Khost", "خوست"),
    (Province::Paktia, 2, "Gardez", "گردیز"),
    (Province::Takhar, 2, "Taloqan", "تالقان"),
    (Province::Badakhshan, 2, "Fayzabad", "فیض‌آباد"),
    (Province::Bamyan, 2, "Bamyan", "بامیان"),
    (Province::Farah, 2, "Farah", "فراه"),
];
