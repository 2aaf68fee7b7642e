"""Honesty about evidence: the note that travels with the article's benefit claims, and the
answer to "is it proven?". Rests on the independent reviews in the project's evidence notes."""

from __future__ import annotations

import re
from dataclasses import replace

from bot.knowledge.passage import Passage
from bot.reply import DISCLAIMER, Reply, ReplyType

EVIDENCE_NOTE = (
    "Note: this is the article's claim. Good-quality research on CST and SER is limited and does "
    "not show that they treat medical conditions; they are not a replacement for medical care."
)

_CLAIM = re.compile(
    r"\b(?:benefit\w*|alleviat\w*|relie[fv]\w*|boost\w*|improv\w*|heal\w*|promis\w*|resilien\w*|"
    r"vitality|energy|reduc\w*|support\w* (?:for|individuals)|effective\w*|lasting|resolution|"
    r"immune|pain|trauma|sleep|anxiety|depression|ptsd|fibromyalgia|autism|sclerosis)\b",
    re.I,
)
_EVIDENCE_QUESTION = re.compile(
    r"\b(?:proven|proof|prove|evidence|research|studies|study|scientific\w*|science(?![- ]?(?:person|people|background|degree|teacher|type|minded|brain|nerd|geek))|pseudo-?science|"
    r"placebo|quack\w*|legit\w*|scam|snake oil|systematic review\w*|clinical trials?|trials|"
    r"(?<!how does it )(?<!how does this )(?:really|actually|even|truly) work|work as (?:advertised|claimed|promised|they say)|"
    r"is it real|bogus|debunked|nonsense|success rates?|how effective|effectiveness|efficacy|"
    r"percentage of (?:\w+ )?(?:people|clients|patients)|mainstream|more (?:recent|rigorous)|"
    r"(?:accepted|recogni[sz]ed) (?:as|by)|(?:possibly|really) (?:move|feel)|all in (?:the|their|your|my) (?:\w+ )?(?:head|mind)|sounds? (?:impossible|fake|made up|too good)|sceptic\w*|skeptic\w*|"
    r"(?:ever )?been (?:measured|tested|studied)|measured reliably|sutures? (?:fuse|are fused|have fused)|(?:bones?|skull) (?:are|is|get|gets|have|has) (?:\w+ )?(?:fused|fixed)|(?:bones?|skull|sutures?) (?:\w+ )?fuse)\b"
    r"|^(?:so |but |and )?(?:does|do|will|would|can) (?:it|cst|ser|this|that|they|craniosacral therapy|craniosacral|"
    r"cranial sacral therapy|somato-?emotional release)(?: \(\w+\))? (?:really |actually |even |still |truly )?work\b(?! on| for| with)"
    r"|\bwill it (?:still )?work if\b|\bdon'?t believe in\b",
    re.I,
)
# "how does it actually work?" asks for the mechanism, not the evidence.
_HOW_IT_WORKS = re.compile(
    r"(?:^|[.?!…]\s*)\W*(?:so |but |and |ok )?how (?:does|do|would|will|can|could|is (?:it|cst|ser|this|that) supposed to)\b",
    re.I,
)
# Who should not have it: contraindications in visitors' words.
_CONTRAINDICATIONS = (
    r"contra-?indicat\w*|who (?:shouldn'?t|should ?not|should avoid|must not|mustn'?t|can'?t|cannot) "
    r"(?:have|get|do|try|receive|use)|not (?:safe|suitable|recommended|advised) for"
)
_SAFETY_QUESTION = re.compile(
    r"\b(?:side[- ]effects?|risks?|risky|dangerous|danger|harmful|adverse|"
    r"is (?:it|cst|ser|craniosacral therapy|this) safe|how safe|safe\?|aggravat\w*|worsen\w*|make (?:it|things|my \w+) worse|"
    r"(?:right|suitable|ok|okay|appropriate|safe) for (?:everyone|everybody|anyone|all)\b|"
    r"(?:trigger|cause|bring on|set off) (?:a |an |my )?(?:seizures?|fits?|flare|relapse|attacks?|migraines?)|"
    rf"{_CONTRAINDICATIONS})",
    re.I,
)

_REVIEWS = (
    "• Green, Martin, Bassett & Kazanjian (1999), Complementary Therapies in Medicine 7(4): "
    "systematic review; low-grade evidence and low agreement between practitioners feeling the "
    "'craniosacral rhythm'; insufficient evidence to support CST.\n"
    "• Ernst (2012), Focus on Alternative and Complementary Therapies: six trials, most at high "
    "risk of bias; no rigorous evidence of effects beyond non-specific ones.\n"
    "• Haller et al. (2020), BMC Musculoskeletal Disorders 21:1: 10 small trials in chronic pain; "
    "moderate short-term pain reduction against sham, but low trial quality.\n"
    "• Ceballos-Laita et al. (2024), Healthcare 12(6):679: 15 trials; no significant or clinically "
    "relevant effect on headache, neck, low back or pelvic pain, fibromyalgia, infant colic, "
    "preterm infants, cerebral palsy or visual problems.\n"
    "• Studies of practitioners palpating the cranial rhythm (Wirth-Pattullo & Hayes 1995; Rogers "
    "et al. 1998; Moran & Gibbons 2001) found their findings agreed about as often as chance."
)


def is_benefit_claim(passage: Passage) -> bool:
    return bool(_CLAIM.search(passage.section) or _CLAIM.search(passage.text))


def is_evidence_question(text: str) -> bool:
    text = text.replace("’", "'")
    asks_proof = re.search(r"\b(?:proven|proof|evidence|research|studies|scientific\w*|placebo|fused?)\b", text, re.I)
    return bool(_EVIDENCE_QUESTION.search(text)) and (not _HOW_IT_WORKS.search(text) or bool(asks_proof))


def is_safety_question(text: str) -> bool:
    return bool(_SAFETY_QUESTION.search(text))


def compose_evidence() -> Reply:
    return Reply(
        type=ReplyType.EVIDENCE,
        body=(
            "In short: CST is gentle and many people find it relaxing, but good-quality scientific "
            "evidence that CST or SER treats any medical condition is limited or lacking, and they "
            "should not replace medical care. What independent reviews found:\n" + _REVIEWS
        ),
        source_line="The clinic's article states benefits that these reviews do not support.",
        notes=(DISCLAIMER,),
    )


PRECAUTIONS = (
    "a recent head injury or skull fracture; a recent brain bleed or stroke; a known or suspected "
    "aneurysm; raised pressure inside the skull, hydrocephalus or a cerebrospinal-fluid leak; "
    "recent head or spine surgery; a bleeding or clotting disorder; a high-risk pregnancy"
)


# Safety topics an article may not cover: what is asked, how the reply names it when the article is
# silent, and the words that would show the article covers it.
SAFETY_TOPICS = (
    (re.compile(r"\bside[- ]effects?\b", re.I), "side effects", ("side effect", "adverse")),
    (re.compile(rf"\b(?:{_CONTRAINDICATIONS})", re.I), "who should not have it (contraindications)",
     ("contraindicat", "should not have", "not suitable")),
)


def safety_topic(question: str) -> tuple[str, tuple[str, ...]] | None:
    """The safety topic a question asks about (its name, and the words an article would use for it)."""
    return next(((name, words) for pattern, name, words in SAFETY_TOPICS if pattern.search(question)), None)


def compose_safety(lacking: str = "") -> Reply:
    """What is known about safety, from the evidence notes; led by what the article lacks, if given."""
    if lacking:
        general = compose_safety()
        return replace(
            general,
            type=ReplyType.NO_ANSWER,
            body=f"The clinic's article doesn't mention {lacking}.\n\n{general.body}",
            missing=lacking,
        )
    return Reply(
        type=ReplyType.EVIDENCE,
        body=(
            "CST uses very light touch and is generally considered gentle. In a 2020 review of "
            "trials in chronic pain (Haller et al.), the trials that reported on safety found no "
            "serious adverse events.\n"
            f"Practitioners commonly advise checking with a doctor first if you have {PRECAUTIONS}. "
            "Whether it is right for you is a question for your doctor."
        ),
        notes=(DISCLAIMER,),
    )
