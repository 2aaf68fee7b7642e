"""The clinic's own facts (name, contact, hours, prices, region), read from its profile file and
validated at start-up. Clinic questions are answered from this profile only: a fact that is not
in it is never guessed."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.knowledge.passage import Passage, anchor
from bot.reply import Reply, ReplyType
from bot.safety.emergency import REGIONS
from bot.settings import PROJECT_DIR, env

PROFILE_FILE = PROJECT_DIR / "config" / "clinic.yml"
EXAMPLE_FILE = PROJECT_DIR / "config" / "clinic.example.yml"


class ProfileError(ValueError):
    """The clinic profile is missing a required field or has an invalid one."""


@dataclass(frozen=True)
class ClinicProfile:
    name: str
    region: str = "US"
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    website: str | None = None
    booking_url: str | None = None
    languages: tuple[str, ...] = ()
    opening_hours: tuple[tuple[str, str], ...] = ()
    prices: tuple[tuple[str, str], ...] = ()
    insurance: str | None = None
    # What visitors ask about a visit; each answered from here or with "I don't have that".
    session_length: str | None = None
    what_to_wear: str | None = None
    first_visit: str | None = None
    cancellation_policy: str | None = None
    payment: str | None = None
    accessibility: str | None = None
    parking: str | None = None
    practitioners: str | None = None  # who they are and their training
    gift_vouchers: str | None = None
    online_sessions: str | None = None
    # Where the clinic publishes its knowledge: sources link to their sections. One address for
    # every knowledge file, or one per file name.
    article_url: str | None = None
    article_urls: tuple[tuple[str, str], ...] = ()
    example: bool = False
    source: str = field(default="", compare=False)

    def how_to_reach(self) -> str:
        ways = [w for w in (self.phone and f"call {self.phone}", self.email and f"email {self.email}") if w]
        if self.booking_url:
            ways.append(f"book online at {self.booking_url}")
        if not ways:
            return "Please contact the clinic directly."
        return "You can " + ", or ".join(ways) + "."


_PHONE = re.compile(r"^\+?[0-9][0-9 ()./-]{5,24}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
_URL = re.compile(r"^https?://[^\s]+$")
# Visit details: the field, and how "I don't have …" names it.
VISIT_FIELDS = {
    "session_length": "how long a session lasts",
    "what_to_wear": "the clinic's advice on what to wear",
    "first_visit": "what happens at a first visit",
    "cancellation_policy": "the cancellation policy",
    "payment": "the ways to pay",
    "accessibility": "information about access",
    "parking": "information about parking",
    "practitioners": "information about the practitioners' training",
    "gift_vouchers": "information about gift vouchers",
    "online_sessions": "information about online sessions",
}
_TEXT_FIELDS = (
    "name", "phone", "email", "address", "website", "booking_url", "insurance", "region", "article_url", *VISIT_FIELDS,
)


def _mapping(raw: dict, key: str, path: Path) -> tuple[tuple[str, str], ...]:
    value = raw.get(key) or {}
    if not isinstance(value, dict):
        raise ProfileError(f"{path}: '{key}' must be a mapping, e.g. 'Monday-Friday: 9:00-17:00'")
    return tuple((str(k), str(v)) for k, v in value.items())


def _article_urls(raw: dict, path: Path) -> tuple[tuple[str, str], ...]:
    urls = _mapping(raw, "article_urls", path)
    for file, url in urls:
        if not _URL.match(url):
            raise ProfileError(f"{path}: article_urls: the address for {file} does not look valid: {url!r}")
    return urls


def parse_profile(raw: object, path: Path) -> ClinicProfile:
    if not isinstance(raw, dict):
        raise ProfileError(f"{path}: the clinic profile must be a YAML mapping of fields")
    known = {*_TEXT_FIELDS, "languages", "opening_hours", "prices", "article_urls", "example"}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise ProfileError(f"{path}: unknown field(s) {unknown}; known fields are {sorted(known)}")
    for key in _TEXT_FIELDS:
        if raw.get(key) is not None and not isinstance(raw[key], (str, int)):
            raise ProfileError(f"{path}: '{key}' must be text")
    if not raw.get("name"):
        raise ProfileError(f"{path}: 'name' is required")
    checks = {"phone": _PHONE, "email": _EMAIL, "website": _URL, "booking_url": _URL, "article_url": _URL}
    for key, pattern in checks.items():
        if raw.get(key) and not pattern.match(str(raw[key])):
            raise ProfileError(f"{path}: '{key}' does not look valid: {raw[key]!r}")
    region = str(raw.get("region") or "US").upper()
    if region not in REGIONS:
        raise ProfileError(f"{path}: 'region' must be one of {sorted(REGIONS)}, not {raw.get('region')!r}")
    languages = raw.get("languages") or []
    if not isinstance(languages, list):
        raise ProfileError(f"{path}: 'languages' must be a list, e.g. [English, Spanish]")
    return ClinicProfile(
        name=str(raw["name"]),
        region=region,
        phone=raw.get("phone") and str(raw["phone"]),
        email=raw.get("email"),
        address=raw.get("address"),
        website=raw.get("website"),
        booking_url=raw.get("booking_url"),
        languages=tuple(str(x) for x in languages),
        opening_hours=_mapping(raw, "opening_hours", path),
        prices=_mapping(raw, "prices", path),
        insurance=raw.get("insurance"),
        article_url=raw.get("article_url"),
        article_urls=_article_urls(raw, path),
        **{key: str(raw[key]).strip() for key in VISIT_FIELDS if raw.get(key)},
        example=bool(raw.get("example", False)),
        source=str(path),
    )


def load_profile(path: Path | None = None) -> ClinicProfile:
    """The profile from CST_CLINIC_PROFILE, else config/clinic.yml, else the shipped example."""
    if path is None:
        configured = env("CST_CLINIC_PROFILE")
        path = Path(configured) if configured else PROFILE_FILE if PROFILE_FILE.exists() else EXAMPLE_FILE
    if not path.exists():
        raise ProfileError(f"Clinic profile {path} does not exist (see config/clinic.example.yml)")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise ProfileError(f"{path}: not valid YAML ({error})") from error
    return parse_profile(raw, path)


# What a clinic question asks for, in the order they are checked.
_TOPICS = {
    "handoff": r"\b(?:talk|speak|chat) (?:to|with) (?:a |an |the )?(?:real )?(?:person|human|someone|somebody|staff|receptionist|therapist|practitioner|agent)\b|\bhuman,? please\b|\breal person\b|\bcall me back\b",
    "cancellation_policy": r"\bcancel\w*|\breschedul\w*|\bno[- ]shows?\b|\bmiss(?:ed)? (?:my |an |the )?appointment\b",
    "session_length": r"\bhow long (?:is|are|does|do|will|would) (?:a |the |each |one |your |my |an? )?(?:first |typical |single )?(?:(?:cst|ser|cranial sacral|craniosacral|cranio) )?(?:session|treatment|appointment|visit)s?\b(?! to| before| until)|\b(?:session|treatment|appointment) (?:length|duration|time)\b|\bhow many minutes\b",
    "payment": r"\bpay (?:by|with|in|for it by)\b|\bpayment (?:method|option)s?\b|\b(?:credit|debit) cards?\b|\bby card\b|\bcash\b|\bcontactless\b|\bpaypal\b|\binvoice\b|\breceipts?\b",
    "practitioners": r"\b(?:certif\w*|qualif\w*|accredit\w*|licen[cs]\w*|credentials|trained|training)\b|\bexperience (?:in|with)\b|\bbecome an? (?:\w+ )?(?:therapist|practitioner)\b|\btrain (?:as|to be|to become|in)\b|\bwho (?:are|is) (?:your|the) (?:therapists?|practitioners?)\b|\b(?:female|male|woman|man|lady|women|men) (?:practitioners?|therapists?)\b"
    r"|\bprofessional (?:association|body|register|organi[sz]ation)\b|\bmember of (?:a|an|any|the|some)\b",
    "accessibility": r"\bwheel ?chairs?\b|\baccessib\w*|\bstep[- ]free\b|\bstairs\b|\b(?:lift|elevator)\b|\bdisabled access\b|\bmobility\b",
    "parking": r"\bpark(?:ing)?\b|\bcar park\b",
    "gift_vouchers": r"\b(?:gift )?vouchers?\b|\bgift (?:cards?|certificates?)\b",
    "online_sessions": r"\bonline (?:sessions?|appointments?|consultations?|treatments?)\b|\bvideo (?:calls?|sessions?)\b|"
    r"\bremote(?:ly)? (?:sessions?|treatments?)\b|\bzoom\b|\b(?:do|offer|have) (?:it |this |sessions? )?online\b|\bsessions? online\b",
    "first_visit": r"\breferral\b|\bfirst (?:visit|appointment)\b|\bfirst time\b(?! (?:on|at|visiting|reading|seeing|looking at|hearing|here on) (?:your |this |the )?(?:site|website|page|web ?site|chat)| here\b| hearing| reading| i'?ve (?:heard|read|seen))|\bnew (?:patient|client)s?\b|\bintake\b|\bfill (?:in|out) (?:a |any )?forms?\b",
    "insurance": r"\b(?:insurance|insurer|insured|covered by|cover (?:it|this|cst|ser)|reimburs\w*|hsa|fsa|medicare|medicaid|(?:on|through|via|under|from) the nhs|nhs (?:cover|pay|fund)\w*|health fund|claim (?:it|on|back|for)|make a claim|insurance claims?)\b",
    "prices": r"\b(?:price|prices|pricing|cost|costs|fee|fees|charge|charges|(?<!success )rates?|how much (?:is|are|does|do|will|would|for)|pay|payment|afford|expensive|cheap)\b",
    "opening_hours": r"\b(?:are you|is the clinic|is it|you're|you are) (?:open|closed)\b|\bopen (?:on|at|today|tomorrow|now|late|early|"
    r"weekends?|(?:mon|tues|wednes|thurs|fri|satur|sun)days?|in the)\b|\b(?:opening|closing) (?:hours|times?)\b|"
    # not how long something lasts: "screams for hours", "how many hours of training"
    r"(?<!for )(?<!many )(?<!\d )\bhours\b(?! (?:of|a|per|each|every|long|later|ago))|"
    r"\bwhat time do you\b|\bwhen (?:are|is) (?:you|the clinic)\b|\b(?:evening|late|weekend|saturday|sunday|early morning) (?:appointments?|sessions?|slots?)\b|"
    r"\b(?:appointments?|sessions?|slots?) (?:in the (?:evening|morning|afternoon)|at (?:night|the weekends?)|on (?:weekends?|saturdays?|sundays?)|after \d|before \d)",
    "booking_url": r"\bbook (?:a |an |my |me |in\b|online|it\b|cst|ser|now)|\b(?:can|could|may) i come (?:in|by|round|over)\b|\b(?:can|how do|how can|where do|where can|want to|like to) (?:i |we )?book\b|\bto book\b|\b(?:booking|schedule|reserve|reservation|availability|available slots?|(?:make|get|have|need) an? (?:appointment|booking)|appointments? (?:available|free|slots?|times?)|"
    r"(?:any|free|open) (?:slots?|space|spaces|openings?)|slots? (?:on|this|next|free|available|left))\b",
    "address": r"\b(?:address|located|location|directions|where (?:are|is) (?:you|the clinic|your)|how (?:do|can) i get (?:to|there)|find you|find an? (?:\w+ )?(?:therapist|practitioner))\b",
    "languages": r"\b(?:what|which|other|any|in your|do you speak \w+ or other) languages?\b|\blanguages? (?:do|does|are|can|spoken)\b|"
    r"\bspeak(?:s|ing)? (?:spanish|french|german|english|polish|italian|portuguese|arabic|chinese)|\bin (?:spanish|french|german)\b",
    "phone": r"\b(?:(?:your|the clinic'?s?|a|by|over the|on the) (?:phone|telephone)|phone number|telephone number|"
    r"call you|number|contact|e-?mail|reach you|get in touch)\b",
}
_TOPIC_RE = [(topic, re.compile(pattern, re.I)) for topic, pattern in _TOPICS.items()]
_ASKS_ABOUT_TRAINING = dict(_TOPIC_RE)["practitioners"]
# "how much pressure", "how much touch": about the therapy, not the price.
_NOT_PRICE = re.compile(r"\bhow much (?:pressure|touch|force|time|does it hurt|will it hurt)\b", re.I)


# Price, insurance and hours words are common elsewhere ("stock price"): they count as clinic
# questions only when the message is about the clinic or its sessions.
_ABOUT_CLINIC = re.compile(
    r"\b(?:you|your|yours|clinic|session|sessions|treatment|appointment|visit|consultation|therapy|"
    r"therapist|cst|ser|craniosacral|cranial sacral|somato\w*|it|this|claim|the cost)\b",
    re.I,
)
_NEEDS_CONTEXT = {"prices", "insurance", "opening_hours"}
# On the clinic's own site the bare word asks the clinic: "price?", "opening hours?" (not "heart rate?").
_BARE = re.compile(r"^\W*(?:prices?|pricing|costs?|fees?|how much|opening hours|hours|insurance)\W*$", re.I)
# The clinic's own practitioners ("are your therapists certified?"), not the profession's.
_OURS = re.compile(
    r"\b(?:your|yours|here|this clinic|the clinic|are you|you (?:are|have|employ)|who (?:will|would) (?:treat|see)|"
    r"my (?:therapist|practitioner)|female|male|woman|man|lady|women|men)\b",
    re.I,
)


def clinic_topic(text: str, context: str = "") -> str | None:
    """The clinic fact a question asks for; `context` is the message it is part of, if any."""
    for topic, pattern in _TOPIC_RE:
        if pattern.search(text):
            if topic == "prices" and _NOT_PRICE.search(text):
                continue
            # on the clinic's own site a bare "price?" asks the clinic's prices
            if topic in _NEEDS_CONTEXT and not _ABOUT_CLINIC.search(context or text) and not _BARE.match(text):
                continue
            if topic == "practitioners" and not _OURS.search(context or text):
                continue  # the profession in general: the article's (bot.retrieval.need, training)
            return topic
    return None


_POINTS_TO_A_SESSION = re.compile(r"\b(?:it|that|this|one|each)\b", re.I)
_A_SESSION = re.compile(r"\b(?:sessions?|appointments?)\b", re.I)


def clinic_follow_up(text: str, previous: str) -> str | None:
    """The clinic fact a follow-up asks for when the message before asked for one: after "how much
    is a session?", "and how long is it?" asks how long a session is."""
    from bot.retrieval.followup import is_follow_up, subjects_in

    if not previous or subjects_in(text) or not is_follow_up(text):
        return None
    asked = clinic_topic(_POINTS_TO_A_SESSION.sub("a session", text))
    if clinic_topic(previous):
        return asked
    # After "what happens in a session?", "how long does that take?" asks how long a session is
    # (not "how much does that help?").
    return asked if asked == "session_length" and _A_SESSION.search(previous) else None


def _answer(profile: ClinicProfile, topic: str) -> str:
    reach = profile.how_to_reach()
    unknown = "I don't have {what} for {name}. " + reach
    if topic == "prices":
        if not profile.prices:
            return unknown.format(what="the prices", name=profile.name)
        return f"Prices at {profile.name}:\n" + "\n".join(f"• {k}: {v}" for k, v in profile.prices)
    if topic == "insurance":
        return profile.insurance or unknown.format(what="information about insurance", name=profile.name)
    if topic == "opening_hours":
        if not profile.opening_hours:
            return unknown.format(what="the opening hours", name=profile.name)
        return f"Opening hours of {profile.name}:\n" + "\n".join(
            f"• {d}: {h}" for d, h in profile.opening_hours
        )
    if topic == "booking_url":
        if profile.booking_url:
            return f"You can book a session online at {profile.booking_url}." + (
                f" Or call {profile.phone}." if profile.phone else ""
            )
        return unknown.format(what="an online booking link", name=profile.name)
    if topic == "address":
        if profile.address:
            return f"{profile.name} is at {profile.address}."
        return unknown.format(what="the address", name=profile.name)
    if topic == "languages":
        if profile.languages:
            return f"The clinic's team speaks: {', '.join(profile.languages)}."
        return unknown.format(what="information about languages", name=profile.name)
    if topic in VISIT_FIELDS:
        value = getattr(profile, topic)
        return value or unknown.format(what=VISIT_FIELDS[topic], name=profile.name)
    if topic == "handoff":
        return f"I'm an automated assistant. To talk with a person at {profile.name}: {reach}"
    return f"To reach {profile.name}: {reach}"


def compose_clinic_info(profile: ClinicProfile, topic: str) -> Reply:
    notes = ("These details come from an example profile, not a real clinic.",) if profile.example else ()
    return Reply(
        type=ReplyType.CLINIC_INFO,
        body=_answer(profile, topic),
        source_line=f"From the clinic profile ({topic.replace('_', ' ')}).",
        notes=notes,
    )


_ASKS_WHAT_TO_WEAR = re.compile(r"\b(?:wear|wearing|clothes|clothing|undress\w*|dress)\b", re.I)


def clinic_addition(profile: ClinicProfile, question: str) -> str:
    """The clinic's own word on a question the article also answers (what to wear), or ""."""
    if profile.what_to_wear and _ASKS_WHAT_TO_WEAR.search(question):
        return f"At {profile.name}: {profile.what_to_wear}"
    if profile.practitioners and _ASKS_ABOUT_TRAINING.search(question):
        # "how are therapists certified?": the article is silent, the clinic knows its own
        return f"About the practitioners at {profile.name}: {profile.practitioners}"
    return ""


def source_url(profile: ClinicProfile, passage: Passage) -> str:
    """The address of a passage's section where the clinic publishes it, or "" when it doesn't."""
    page = dict(profile.article_urls).get(passage.source) or profile.article_url
    return f"{page.split('#')[0]}#{anchor(passage)}" if page else ""
