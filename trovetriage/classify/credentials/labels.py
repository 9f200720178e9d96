"""Words that introduce a login or a password in prose, per language, and the words that follow
such a label without being a value ("password: (sent separately)", "mot de passe : voir ci-dessous").

Labels are matched case-insensitively; Turkish and Azerbaijani dotless/dotted i are listed in both
spellings because people type them on ASCII keyboards.
"""

from __future__ import annotations

USER_LABELS: dict[str, tuple[str, ...]] = {
    "en": ("user name", "username", "user id", "userid", "user", "login name", "login id", "login", "account name",
           "account", "e-mail", "email"),
    "fr": ("identifiant", "nom d'utilisateur", "nom d’utilisateur", "utilisateur", "compte", "courriel"),
    "ru": ("логин", "имя пользователя", "пользователь", "учетная запись", "учётная запись"),
    "tr": ("kullanıcı adı", "kullanici adi", "kullanıcı", "kullanici", "kullanıcı kodu"),
    "ar": ("اسم المستخدم", "المستخدم", "البريد الإلكتروني"),
    "ro": ("nume de utilizator", "nume utilizator", "utilizator", "utilizatorul"),
    "ms": ("nama pengguna", "id pengguna", "pengguna"),
    "az": ("istifadəçi adı", "istifadeci adi", "istifadəçi", "istifadeci"),
    "ko": ("아이디", "사용자 이름", "사용자명", "사용자 id", "계정"),
}

PASSWORD_LABELS: dict[str, tuple[str, ...]] = {
    "en": ("password", "passwd", "passcode", "passphrase", "pwd"),
    "fr": ("mot de passe", "mdp"),
    "ru": ("пароль",),
    "tr": ("şifre", "sifre", "parola", "şifreniz", "parolası"),
    "ar": ("كلمة المرور", "كلمة مرور", "كلمة السر", "الرقم السري"),
    "ro": ("parolă", "parola de acces", "parola"),
    "ms": ("kata laluan", "kata sandi"),
    "az": ("şifrə", "sifre", "parol"),
    "ko": ("비밀번호", "패스워드", "암호"),
}

#: Words that name an account in a sentence ("with the account jdoe.smith"): the next token must
#: then look like an account (`DOMAIN\\user`, an e-mail, a dotted login).
PROSE_USER_LABELS: dict[str, tuple[str, ...]] = {
    "en": ("account", "username", "user", "login"),
    "fr": ("compte", "identifiant", "utilisateur"),
    "ru": ("учетная запись", "учётная запись", "пользователь", "логин"),
    "tr": ("hesabı", "hesap", "kullanıcı", "kullanici"),
    "ar": ("حساب", "المستخدم"),
    "ro": ("contul", "utilizatorul", "utilizator"),
    "ms": ("akaun", "pengguna"),
    "az": ("hesabı", "hesab", "istifadəçi"),
    "ko": ("계정", "아이디"),
}

#: Password labels too common in other senses ("boarding pass:"): they count only next to a login.
WEAK_PASSWORD_LABELS: dict[str, tuple[str, ...]] = {
    "en": ("pass", "pw", "pword"),
}

#: Words that follow a label in prose without being a value.
_NOT_VALUE_WORDS = """
    the a an your my our his her their its this that these those it is was will be been being has have had not no
    yes and or but for to of in on at by with from as if via please see below above attached enclosed sent
    separately follows following same unchanged changed change reset required mandatory optional incorrect invalid
    wrong expired expiring expire expires forgotten forgot lost hidden protected field policy manager strength
    must should shall can cannot could would may might do does did n/a na none null nil tbd tba redacted removed
    unknown empty blank here there when where which who what how why again also only just still
    str string int integer bool boolean true false undefined varchar nvarchar text char secretstr
    le la les un une des votre vos notre est sont sera voir ci-dessous ci-dessus joint pas et ou de du pour sur
    ваш ваша ваши ваше ниже выше см не и или для от
    sizin bu ve veya için aşağıda yukarıda
    anda dan atau untuk di bawah atas
    dumneavoastră dvs și sau pentru mai jos sus
"""
NOT_VALUES = frozenset(_NOT_VALUE_WORDS.split())

#: Language tag of every label, casefolded (first language listed wins for shared words).
LABEL_LANG: dict[str, str] = {}
for _table in (USER_LABELS, PASSWORD_LABELS, WEAK_PASSWORD_LABELS, PROSE_USER_LABELS):
    for _lang, _labels in _table.items():
        for _label in _labels:
            LABEL_LANG.setdefault(_label.casefold(), _lang)

ALL_LABELS = frozenset(LABEL_LANG)
