"""The medical boundary: diagnosis, medication, stopping or replacing treatment, cure claims, and
personal safety questions in the situations where practitioners advise checking with a doctor
first. The assistant gives no advice there; it refers to the right professional."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum


class BoundaryKind(str, Enum):
    DIAGNOSIS = "diagnosis"
    MEDICATION = "medication"
    STOP_TREATMENT = "stop_treatment"
    CURE = "cure"
    PRECAUTION = "precaution"  # a personal safety question in a situation that needs a doctor first


DIAGNOSIS, MEDICATION, STOP_TREATMENT, CURE = (
    BoundaryKind.DIAGNOSIS,
    BoundaryKind.MEDICATION,
    BoundaryKind.STOP_TREATMENT,
    BoundaryKind.CURE,
)
PRECAUTION = BoundaryKind.PRECAUTION

_THERAPY = r"(?:cst|ser|it|this|craniosacral|cranial sacral|cranio sacral|somato[- ]?emotional|the therapy|a session|sessions)"
# The rest of a word after "chemo" or "anti-inflammator" is bounded: one of the patterns below
# starts with these names anywhere, even inside a word, and an unbounded rest of the word was read
# again from every "chemo" in a long word ("chemochemo…": quadratic). Its end is asserted, so the
# bounded rest is never given back a letter at a time.
_MEDICINES = (
    r"(?:medication|medicine|meds|pills?|tablets?|drugs?|ibuprofen|paracetamol|acetaminophen|aspirin|"
    r"painkillers?|antidepressants?|ssris?|sertraline|fluoxetine|insulin|opioids?|steroids?|"
    r"anti-?inflammator\w{1,30}(?!\w)|prescription|antibiotics?|chemo\w{0,30}(?!\w)|radiotherapy|dialysis|inhaler|"
    r"blood pressure (?:pills|tablets|medication)|injections?|jabs?|shots)"
)
_TREATMENTS = (
    r"(?:" + _MEDICINES[3:-1] + r"|treatment|therapy|physio\w*|surgery|operation|doctor|"
    r"psychiatrist|psychologist|counsell?ing|counsell?or|cancer treatment|(?:my )?therapist|gp|psychotherapy)"
)

_PATTERNS: dict[BoundaryKind, list[str]] = {
    DIAGNOSIS: [
        r"\bdo i have (?!to\b|time\b|enough\b|questions\b|any questions\b)",
        # "diagnose me", "a diagnosis": a request; "I was diagnosed with MS" is history, not one.
        r"(?<!experience in your particular )(?<!experience with your )(?<!experience in my )"
        r"\bdiagnos(?:e|es|is|ing|tic)\b",
        r"\bhow (?:do|can|would|will) (?:i|we) (?:know|tell) (?:if|whether) (?:i|my \w+|he|she|they|we) (?:needs?|should have)\b",
        r"\bwhat'?s wrong with me\b",
        r"\bis (?:it|this|that) (?!(?:\w+ ){0,2}(?:therapy|cst|ser|cranio\w*|somato\w*|massage|osteopathy|reiki)\b)"
        r"(?:\w+ ){1,3}or something (?:else|worse|serious)\b",
        r"\b(?:do|does|would|could) (?:you|u) (?:think|reckon|say) (?:i|he|she|my \w+) (?:have|has|might have|"
        r"could have|(?:have |has )?got)\b"
        r"(?! (?:time|to|a question|questions|an appointment|a booking|a (?:good |real )?chance|any chance|enough)\b)",
        r"\btell (?:me )?(?:if|whether) (?:my|it|this|these|that)\b.{0,40}\b(?:serious|tumou?r|cancer|something worse)\b",
        r"\bwhat (?:condition|disease|illness|disorder) (?:do i|might i|could i)\b",
        r"\bcould (?:it|this|that|my \w+(?: \w+)?) be (?:a |an )?(?:brain )?(?:tumou?r|cancer|ms|multiple sclerosis|"
        r"stroke|aneurysm|serious|something serious)\b",
        r"\bis (?:it|this) (?:a |an )?(?:tumou?r|cancer|ms|serious)\b",
        r"\b(?:is|could) (?:it|this|that) (?:be )?something (?:serious|worrying|dangerous|bad|to worry about)\b",
        r"\bwhy (?:do|does) (?:i|my \w+) (?:keep )?(?:hurt|ache|tingle|feel dizzy|get)\b.{0,30}\?",
        r"\bwhat (?:could|might|would|can) (?:be )?(?:causing|cause) (?:it|this|that|them|my|these|the)\b",
        r"\b(?:does|could|would) (?:that|this|it) mean (?:i|he|she|they|my \w+) (?:have|has|might have|could have|had)\b",
        r"\bshould i (?:get|have|ask for|book) (?:an? )?(?:mri|scan|x-?ray|ct scan|blood tests?|tests?)\b",
        r"\bcould (?:it|this|that|my [\w ]{1,30}?) be (?:a )?(?:sign|symptom) of\b",
        r"\bis (?:it|this|that) (?:just|only|probably|likely|maybe) (?:a |an |my )?(?:\w+ )?(?:tension|stress|migraine|infection|"
        r"virus|muscle|nerve|hormones?|anxiety|age|arthritis|sciatica)\b",
    ],
    MEDICATION: [
        r"\b(?:how much|how many|what dose|which dose|dosage|dose of|dosing)\b.{0,40}" + _MEDICINES,
        r"\bshould i (?:take|use|try|increase|reduce|lower|double)\b.{0,30}" + _MEDICINES,
        r"\b(?:best|strongest|safest|which|what) (?:\w+ )?" + _MEDICINES + r"\b.{0,20}\b(?:for|to take)\b",
        r"\b(?:can|may) i (?:take|mix|combine)\b.{0,30}" + _MEDICINES,
        r"\b"
        + _MEDICINES
        + r"\b.{0,30}\b(?:before|after|with) (?:a |my |the )?(?:session|cst|ser|treatment)\b",
        r"\b(?:what|which) (?:medication|medicine|pills?|drugs?) (?:should|can|could)\b",
        r"\b\d+ ?mg\b",
    ],
    STOP_TREATMENT: [
        r"\b(?:stop|stopping|quit|quitting|skip|skipping) taking\b",
        r"\b(?:cut|cutting|skip|skipping|pause|pausing|miss|missing) (?:out )?(?:my |the |his |her |our )?"
        + _MEDICINES,
        r"\b(?:stop|stopping|quit|quitting|come off|coming off|give up|ditch|cut down|cut back|reduce|lower(?! back| body| legs?| abdomen| belly| jaw| neck| spine)|wean\w*|taper\w*)\b"
        r".{0,25}" + _TREATMENTS,
        r"\b(?:instead of|rather than|in place of|replace|replacing|substitute for|alternative to)\b.{0,25}"
        + _TREATMENTS,
        r"\b(?:no longer|don'?t|do not) need (?:my )?" + _TREATMENTS,
        _MEDICINES + r".{0,60}\b(?:stop|stopping|come off|coming off|quit|reduce|drop) (?:them|it|taking)\b",
        # "come off the pregabalin": a medicine known by its ending; not "getting off the train"
        r"\b(?:come|coming|get|getting) off (?:the |my |his |her |all )?[a-z]{2,}(?:abalin|apentin|oxetine|aline|pram|pam|lam|"
        r"zole|pril|sartan|statin|olol|triptyline|pramine|codone|done|zine|cillin|cycline|afil)\b",
    ],
    CURE: [
        r"\bcur(?:e|es|ed|ing)\b",
        r"\b(?:get rid of|eliminate|eradicate|reverse|heal(?:s|ed)?) (?:my |the |his |her )?(?:cancer|tumou?r|"
        r"ms|multiple sclerosis|autism|diabetes|epilepsy|parkinson'?s|alzheimer'?s|dementia|arthritis|"
        r"disease|illness|condition)\b",
        r"\bprevent(?:s|ing)? (?:a |an |my )?(?:heart attacks?|strokes?|cancer|disease|illness|dementia|alzheimer'?s|diabetes|infections?|covid|flu)\b",
        r"\b(?:treat|fix)s? (?:my |the )?(?:cancer|tumou?r|diabetes|epilepsy|parkinson'?s|alzheimer'?s|"
        r"dementia|heart disease)\b",
    ],
    PRECAUTION: [
        r"\b(?:head injury|hit my head|banged my head|skull fracture|fractured (?:my )?skull|concuss\w*)\b",
        r"\baneurysm\b",
        r"\b(?:brain|cerebral) (?:bleed|bleeding|haemorrhage|hemorrhage)\b",
        r"\b(?:had|have|after|since|recent|recovering from) (?:a |my )?stroke\b",
        r"\b(?:intracranial pressure|pressure (?:in|inside) (?:my|the) (?:skull|head)|hydrocephalus|shunt)\b",
        r"\b(?:csf|cerebrospinal fluid) leak\b",
        r"\b(?:lumbar puncture|spinal tap)\b",
        r"\b(?:head|brain|spine|spinal|back|neck|skull) (?:surgery|operation)\b",
        r"\b(?:surgery|operation) on (?:my|his|her|the) (?:head|brain|spine|back|neck|skull)\b",
        r"\b(?:surgery|operation)\b.{0,30}\b(?:\d+|a few|few|two|three|four|five|six) (?:days?|weeks?) ago\b",
        r"\b(?:osteoporo\w*|osteopenia|brittle bones?|fragile bones?)\b",
        r"\b(?:bleeding|clotting) (?:disorder|problem|condition)\b",
        r"\b(?:haemophilia|hemophilia|von willebrand|blood thinners?|anticoagulants?|warfarin|heparin|"
        r"apixaban|rivaroxaban|clopidogrel)\b",
        r"\b(?:high[- ]risk pregnancy|pre-?eclampsia|placenta previa|placenta praevia|risk of miscarriage)\b",
        r"\b(?:newborns?|new-borns?|neonat\w*|premature bab(?:y|ies)|preemies?|infants?|(?:\d+|two|three|four|six) (?:day|week|month)s? old)\b",
        r"\b(?:i'?m|i am|we'?re|my wife is|my partner is) pregnant\b",
        # a baby's safety, not a mother's recovery ("had my baby 2 months ago, does it help?")
        # nor conceiving one ("trying for a baby for two years, can CST help?")
        r"(?<!had my )(?<!had a )(?<!had our )(?<!for a )\b(?:baby|babies)\b.{0,40}\b(?:safe|ok|okay|colic|treat|help)\b",
        r"\b(?:safe|ok|okay|alright)\b.{0,30}\b(?:during|in) pregnancy\b",
    ],
}
_COMPILED = {kind: [re.compile(p, re.I) for p in patterns] for kind, patterns in _PATTERNS.items()}
_A_MEDICINE = re.compile(rf"\b{_MEDICINES}", re.I)


def names_a_medicine(text: str) -> bool:
    return bool(_A_MEDICINE.search(text))

# Mentioning a precaution is not always a personal safety question ("what is the dura mater?").
# These mark the question as being about the person, or about whether to have a session.
_PERSONAL = re.compile(
    r"\b(?:i|i'?m|i'?ve|my|me|mine|we|our|is it safe|safe|ok|okay|can i|should i|could i|book|session)\b",
    re.I,
)


@dataclass(frozen=True)
class Boundary:
    kind: BoundaryKind
    refer_to: str  # "your doctor", "your midwife or doctor", "your baby's paediatrician or doctor"


PAEDIATRICIAN = "your baby's paediatrician or doctor"


def _referral(text: str) -> str:
    if re.search(
        r"\b(?:newborn|new-born|neonat\w*|infant|baby|babies|preemie|\d+ (?:day|week|month)s? old)\b",
        text,
        re.I,
    ):
        return PAEDIATRICIAN
    if re.search(r"\bpregnan\w*|pre-?eclampsia|placenta|miscarriage", text, re.I):
        return "your midwife or doctor"
    return "your doctor"


def medical_boundary(text: str) -> Boundary | None:
    """The kind of medical question this is, or None for a general question about CST/SER."""
    for kind in (STOP_TREATMENT, MEDICATION, CURE, DIAGNOSIS, PRECAUTION):
        if any(p.search(text) for p in _COMPILED[kind]):
            if kind == PRECAUTION and not _PERSONAL.search(text):
                continue
            return Boundary(kind, _referral(text))
    return None


def boundary_text(boundary: Boundary, emergency_number: str) -> str:
    refer = boundary.refer_to
    if boundary.kind == DIAGNOSIS:
        return (
            "I can't diagnose or say what might be causing symptoms; only a health professional who "
            f"examines you can. Please talk to {refer}. If symptoms are sudden or severe, call "
            f"{emergency_number}."
        )
    if boundary.kind == MEDICATION:
        return f"I can't give advice about medicines or doses. Please ask {refer} or a pharmacist."
    if boundary.kind == STOP_TREATMENT:
        return (
            f"Please don't stop, reduce or replace any treatment without talking to {refer} first. "
            "CST and SER are not a substitute for medical treatment."
        )
    if boundary.kind == CURE:
        return (
            "CST and SER are not cures for any disease, and I can't tell you that they will treat a "
            "condition: good-quality evidence that they treat medical conditions is limited. "
            f"About your condition, please talk to {refer}."
        )
    return (
        f"Whether CST or SER is safe for you in this situation is a question for {refer}. "
        "Practitioners commonly advise checking with a doctor first after a head injury, brain "
        "bleed or stroke, with an aneurysm, raised pressure in the skull or a fluid leak, after "
        "head or spine surgery, with bleeding or clotting disorders, in a high-risk pregnancy, and "
        "for newborns. Please ask before you book."
    )
