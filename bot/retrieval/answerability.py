"""Answerability, not nearness: does what was found answer the question? The nearest passages
answer only when they cover the question's key concepts and the kind of fact it asks for; else
the finding names what the article lacks ("tinnitus", "how many sessions people usually need")."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from bot.retrieval.concepts import FIELD_TERMS, HEALTH_PHRASES, PEOPLE, SERIOUS, SPECIFIC_BELOW
from bot.retrieval.followup import subjects_in
from bot.retrieval.lexical import STOPWORDS
from bot.retrieval.need import KINDS, Need, lacks, need_of, suits, with_hint
from bot.retrieval.scope import OTHER_THERAPIES, SELF_DESCRIPTION, Scope, about_other_therapy, scope_of
from bot.safety.medical import names_a_medicine

if TYPE_CHECKING:
    from bot.knowledge.passage import Passage
    from bot.retrieval.concepts import ConceptCheck
    from bot.retrieval.retrieve import Hit, Retriever

# "can it help my dizziness?": on a clinic's site, "it" is the therapy.
# So is "any good for plantar fasciitis?": a benefit question names no therapy.
REFERS_TO_THERAPY = re.compile(
    r"\b(?:it|this|these|they|them|the (?:therapy|treatment|sessions?))\b"
    r"|\b(?:any good|good|helpful|useful|any use|of use|work|works|benefits?) for\b"
    r"|\bhelps? (?:with|my|me|him|her|them|us)\b"
    r"|\bany (?:use|good|help)\b|\bdo you (?:treat|see|work with|take|help)\b"
    r"|\b(?:does|can|could|will|would) (?:it|cst|ser|cranio\w*|this|that|craniosacral(?: therapy)?) help\b"
    r"|\byes or no\b|\bworth (?:trying|it|a try|a go|booking)\b",
    re.I,
)
SHORT_MESSAGE_WORDS = 3
# Words any how-to question shares with the article: "how does bitcoin mining work?" shares "work".
_GENERIC_WORDS = re.compile(r"\b(?:work|works|working|worked|help|helps|helping|best|way|ways|good)\b", re.I)
_ASKS_THE_CLINIC = re.compile(r"\b(?:can|could|do|would|will) you (?:treat|help|see|work with|take)\b", re.I)
_A_VISIT = re.compile(r"\b(?:sessions?|therapists?|practitioners?|treatments?|appointments?)\b", re.I)
CANDIDATES = 8  # passages weighed before the best few are kept
# Searched for the kind of fact asked: a passage that suits it may rank lower than the first few.
WIDER_SEARCH = 3
# Added to a benefit passage that names the visitor's complaint: like a kind's bonus, it reorders
# near neighbours, not a passage on the question's topic below one off it.
COMPLAINT_BONUS = 0.3


# Kinds of fact only the therapies are asked for: "is there an upper age limit? my mum is frail".
_KINDS_OF_THE_THERAPIES = (
    Need.AGE, Need.COUNT, Need.FREQUENCY, Need.LASTING, Need.AFTERCARE, Need.AFTER_EFFECTS
)


@dataclass(frozen=True)
class Finding:
    scope: Scope
    hits: list[Hit]  # best first
    need: Need
    missing: str = ""  # what the article lacks, for a no_answer
    lacks_concept: bool = False  # a concept it never mentions (else a kind of fact it never gives)
    # An answer about one complaint of several, the others the article never mentions:
    # "anxiety through the roof, and my IBS flares up with it" (anxiety answered, IBS named).
    also_missing: str = ""

    @property
    def missing_sentence(self) -> str:
        verb = "mention" if self.lacks_concept else "say"
        return f"The clinic's article doesn't {verb} {self.missing}." if self.missing else ""


def find_answer(
    retriever: Retriever, question: str, query: str, message: str = "", context: str = ""
) -> Finding:
    """What the knowledge has for a question (`query` is the question as searched: with the
    conversation's topic for a follow-up; `message` the whole message when the question is a part
    of it; `context` a bare follow-up read with the question before it: "how many sessions?
    roughly?" asks how many)."""
    need = need_of(question)
    if need is Need.GENERAL and context:
        need = need_of(context)
    complaints = complaints_asked(question, need, retriever.concepts)
    candidates = ranked(retriever, query, need, CANDIDATES, complaints)
    hits = candidates[: retriever.settings.top_k]
    concepts = retriever.concepts
    # A bare follow-up is all topic: "like in grams?" after "how light is the touch?" asks in grams.
    focused = focus(question, concepts) if context else without_asides(focus(question, concepts))
    missing = concepts.missing(focused)
    asked = [c for c in _CLAUSE.findall(SELF_DESCRIPTION.sub(" ", question)) if c.rstrip().endswith("?")]
    compared = [c for c in asked if OTHER_THERAPIES.search(c)]
    if not missing and compared:  # "Is cranio similar to reiki? energy healing?": reiki is asked about
        missing = concepts.missing(compared[-1])
    asking = asking_clause(question)
    # The story may be told in the same sentence: "My dentist says I have TMJ problems, is this
    # something craniosacral can treat?"
    clauses = [c for c in _CLAUSE.findall(question) if c.strip() and _ASKS.search(c)]

    def told_before(part: str) -> bool:  # the asking part names nothing the article lacks
        return part != question and not concepts.missing(without_asides(part))

    story_only = told_before(asking)
    # A comparison asks about what it compares: "SER or EMDR, which is better for trauma" asks of EMDR.
    story_in_sentence = (story_only or (bool(clauses) and told_before(clauses[-1]))) and (
        need is not Need.COMPARISON and not compared
    )
    people_only = bool(missing) and set(re.findall(r"[a-z]+", missing)) <= PEOPLE  # "children with autism"
    if missing and (story_in_sentence or people_only) and concepts.names_covered_condition(focused):
        # "I grind my teeth and my jaw clicks, dentist says TMJ. Would CST be any use for that?": the
        # question asks about a condition the article covers; the unknown words tell its story.
        missing = None
    if people_only and names_complaint(hits, complaints, retriever):
        missing = None  # "and after the baby's born?": postpartum recovery, whoever the baby is
    if missing and story_only and asks_about_the_therapy_itself(asking, concepts):
        # "how light is the touch? i really dont like deep massage": the question is about the
        # touch, which the article covers; the massage is why it is asked.
        missing = None
    if missing and not compared and told_beside(missing, question, hits, need, retriever):
        return Finding(Scope.ANSWER, hits, need, also_missing=as_written(missing, question))
    # In a conversation about the therapies, "is that like hypnosis then?" compares them with it.
    in_conversation = query != question
    refers_to_us = REFERS_TO_THERAPY.search(question) or in_conversation
    if missing and about_other_therapy(question) and not refers_to_us:
        return Finding(Scope.OUT_OF_SCOPE, hits, need)
    if missing:
        words = [w for w in re.findall(r"[a-z]{3,}", missing) if w not in STOPWORDS]
        # "energy cysts": about the knowledge's energy (not "lose weight": the weight of a nickel)
        qualified = any(concepts.mentioned(w) for w in words) and not HEALTH_PHRASES.fullmatch(missing)
        qualified = qualified or bool(FIELD_TERMS.fullmatch(missing))  # "what's a still point?"
        # The rest of the question, without what the article lacks ("the best diet to lose weight").
        rest = re.sub(re.escape(missing), " ", question, flags=re.I)
        about_us = (
            qualified
            or concepts.shares_concepts(rest)
            or concepts.names_known_topic(rest)  # "I know you stay clothed, but is a belt OK?"
            or _A_VISIT.search(question)  # "am I supposed to tip the therapist?"
            or _ASKS_THE_CLINIC.search(question)  # "colicky baby… can you treat babies for that?"
            or subjects_in(question)
            or REFERS_TO_THERAPY.search(question)
            or query != question  # a follow-up: the conversation is about the therapies
            # a part of a message about them: "What is a CV4 hold? And when do therapists use it?"
            or (message not in ("", question) and about_the_therapies(message, concepts))
            or len(question.split()) <= SHORT_MESSAGE_WORDS  # "scoliosis??" on a clinic's site
            or concepts.names_body_part(question)  # a complaint: "carpal tunnel in both wrists, numb fingers"
            # a kind of fact asked of the therapies: "is there an upper age limit? my mum is quite frail"
            or need in _KINDS_OF_THE_THERAPIES
        )
        scope = Scope.NO_ANSWER if about_us else Scope.OUT_OF_SCOPE
        kind = KINDS.get(need)
        kind_asked = kind.asks.search(question) if kind and kind.fact else None
        asked_words = set(kind_asked.group(0).lower().split()) if kind_asked else set()
        if scope is Scope.NO_ANSWER and set(missing.split()) & asked_words:
            # The concept is the kind of fact asked ("is it regulated?"): say which fact is missing.
            lacking = lacks(need, [h.passage for h in candidates])
            if lacking:
                return Finding(scope, hits, need, lacking)
        return Finding(scope, hits, need, as_written(missing, question), lacks_concept=True)
    # A question that asks for a known kind of fact ("who is it for?") is about the therapies even
    # when it names none of the knowledge's words: on a clinic's site, "it" is the therapy.
    # A kind of fact names the therapies when nothing else is named: "who is it for?", not "how
    # does bitcoin mining work?" (whose own words the knowledge never uses).
    named_by_need = REFERS_TO_THERAPY.search(question) or concepts.names_nothing_else(question)
    asks_of_us = need is not Need.GENERAL and bool(named_by_need)
    shares = (
        asks_of_us
        or retriever.shares_words_with_corpus(_GENERIC_WORDS.sub(" ", query))
        or concepts.shares_concepts(question)
    )
    lacking = lacks(need, [h.passage for h in candidates])
    if lacking and not about_other_therapy(question):  # asked for a kind of fact the article never gives
        return Finding(Scope.NO_ANSWER, hits, need, lacking)
    scope = scope_of(query, hits, shares, retriever.settings)
    # A complaint named in a word of its own ("flashbacks", "insomnia", not "sleep") is about the
    # benefit that names it, however far the story around it is from the article's words.
    # Only when a benefit is asked for, or the complaint told without a question: "Can insomnia kill
    # you?" asks about insomnia itself, which the article doesn't cover.
    own_words = retriever.concepts.complaints(question, rarer_than=SPECIFIC_BELOW)
    benefit_asked = _ASKS_FOR_A_BENEFIT.search(question) or not asking_clauses(question)
    if scope is not Scope.ANSWER and not (benefit_asked and names_complaint(hits, own_words, retriever)):
        return Finding(scope, hits, need)
    return Finding(Scope.ANSWER, hits, need)


_CLAUSE = re.compile(r"[^.?!;,]+[.?!;,]*")
_SENTENCE = re.compile(r"[^.?!;]+[.?!;]*")
_ASKS = re.compile(
    r"\?|\b(?:can|could|would|will|does|do|is|are|should|what|how|why|when|where|who|which)\b(?!['’]t)", re.I
)


_POINTS_BACK = re.compile(
    r"\b(?:is|are|was|were|does|do|did) (?:that|this|these|those)\b|\b(?:them|those)\b"
    r"|\bis it (?:part|used|included|done|offered|available|the same|a kind|a type|similar)\b"
    r"|\bdo (?:you|they) (?:do|use|offer|practi[sc]e|include)\b",
    re.I,
)


def asking_clauses(question: str) -> list[str]:
    """The clauses that ask; the sentences with a question mark when the message has any ("Can CST
    clear up eczema? Mine gets worse when I'm stressed." asks about eczema, not about "when")."""
    marked = [c for c in _SENTENCE.findall(question) if c.rstrip().endswith("?")]
    return marked or [c for c in _CLAUSE.findall(question) if c.strip() and _ASKS.search(c)]


def asking_clause(question: str) -> str:
    """The message's last clause that asks (the whole message when it has one clause)."""
    asking = asking_clauses(question)
    return asking[-1] if asking else question


def about_the_therapies(text: str, concepts: ConceptCheck) -> bool:
    """Does a message name the therapies, refer to them, or share the knowledge's concepts?"""
    if not text:
        return False
    return bool(subjects_in(text) or REFERS_TO_THERAPY.search(text) or concepts.shares_concepts(text))


def as_written(missing: str, question: str) -> str:
    """Names as the visitor wrote them: "ADHD", "CV4", "Vredevoogd" (concepts are found in lower case)."""
    # Acronyms, and names capitalised inside a sentence ("Who was Vredevoogd?"), not a sentence's first word.
    words = re.findall(r"[A-Za-z]+", question)
    title_case = sum(w[0].isupper() for w in words) * 2 > len(words)  # "Can CST Help With Tinnitus?"
    inside = re.finditer(r"(?<![.?!]\s)(?<!^)\b([A-Z][A-Za-z0-9]+)\b", "" if title_case else question)
    written = {m.group(1).lower(): m.group(1) for m in inside}
    written.update({w.lower(): w for w in re.findall(r"\b[A-Z][A-Z0-9]+\b", question)})
    return re.sub(r"[a-z0-9]+", lambda m: written.get(m.group(0), m.group(0)), missing)


# A question whose topic is its story: "I have tinnitus. Can CST help?" asks about tinnitus.
_ASKS_FOR_A_BENEFIT = re.compile(
    r"\b(?:help\w*|good for|work(?:s)? for|benefit\w*|treat\w*|cure\w*|fix\w*|any use|useful|ease|reliev\w*|"
    r"suitable|right for|for (?:me|him|her|them|people like)|slow\w*|speed\w*|improv\w*|recover\w*|worth|"
    r"reduc\w*|prevent\w*|get rid|heal\w*|do anything|do something|better|effect\w*|change|calm\w*|"
    r"settle|clear up|bring\w* (?:it |them |that |this |my \w+ )?down|lower\w*)\b",
    re.I,
)
# Pronouns that carry the story into the question: "…energy cysts. How are they released?"
_CARRIES_THE_STORY = re.compile(r"\b(?:they|these|that|this|such)\b", re.I)
_THERAPY_NAMES = re.compile(
    r"\b(?:(?:this|the|these) (?:therapy|therapies|treatment|sessions?)|cst|ser|cranio\w*|cranial|sacral"
    r"|somato\w*|emotional release|therapy|therapies)\b",
    re.I,
)


# An "it" that is not the subject of a question ("bring it down"), unlike "is it quiet?" or "does it help?"
_IT_AS_OBJECT = re.compile(
    r"(?<!\bis )(?<!\bdoes )(?<!\bdo )(?<!\bwill )(?<!\bcan )(?<!\bwould )(?<!\bcould )"
    r"(?<!\bwas )(?<!\bmight )\bit\b",
    re.I,
)


def asks_about_the_therapy_itself(asking: str, concepts: ConceptCheck) -> bool:
    """Does the asking clause name a topic of the knowledge (the touch, the structures, talking in a
    session), not a benefit, and not the story before it?"""
    unnamed = _THERAPY_NAMES.sub(" ", asking)  # "this therapy" is the therapy, not the story
    # "it" is the story once the therapy is named beside it: "Will CST bring it down?"
    it_is_the_story = unnamed != asking and _IT_AS_OBJECT.search(unnamed)
    pointing = _CARRIES_THE_STORY.search(unnamed) or _POINTS_BACK.search(unnamed) or it_is_the_story
    if _ASKS_FOR_A_BENEFIT.search(asking) or pointing:
        return False
    return concepts.names_knowledge_word(unnamed)


def focus(question: str, concepts: ConceptCheck) -> str:
    """The part of a message whose concepts must be covered. A long message often tells its
    background first ("tried physio, pills, yoga") and asks last ("would this help chronic
    pain?"): when the asking clause names its own topic, only it counts; else the whole message."""
    clauses = [c for c in _CLAUSE.findall(question) if c.strip()]
    asking = asking_clauses(question)
    if len(clauses) < 2 or not asking:
        return question
    last = asking[-1]
    # "I've read about biodynamic CST. Is that different from the Upledger method?": "that" is the
    # background's topic, so the background counts too; so is it for an effect asked for ("my
    # daughter has ADHD, can CST calm her down?": the calm is asked for ADHD).
    if _POINTS_BACK.search(last) or _ASKS_FOR_A_BENEFIT.search(last):
        return question
    return last if concepts.names_known_topic(last) else question


# Words that describe by comparison, not ask about the thing compared: "an actual doctor or just
# some healer", "quiet like a massage", "is it some kind of massage or what" (what it is answers
# each). Another therapy stays asked about: "is it like reiki?" (bot.retrieval.scope).
_ASIDES = re.compile(
    r"\bor (?:just|merely|simply|only|rather|more like|perhaps)\b[^.?!,;]*"
    r"|\bor (?:what|something|anything)\b"
    r"|\b(?:like|unlike) (?:with |in |at |during |for |seeing |going to |visiting |having |getting )?"
    r"(?:a |an |the |my |your |some |normal |regular |usual )?[\w-]+"
    # Only what the therapy is said to be: "is it some kind of massage?", not "some kind of trance".
    r"|\b(?:is (?:it|this|that|cst|ser|cranio\w*)|it'?s|its) (?:basically |just |really )?"
    r"(?:some|a|any) (?:kind|type|form|sort) of (?:a |an )?[\w-]+",
    re.I,
)


# Who said it is the story, not what is asked: "my physio mentioned the body-mind connection, what is it?"
_REPORTED_BY = re.compile(
    r"\b(?:my|a|our|her|his) (?:\w+ ){0,2}?[\w-]+ (?=(?:has |had |just |once |always |keeps )?"
    r"(?:mentioned|said|says|told|tells|recommended|recommends|suggested|suggests|swears|reckons|thinks)\b)",
    re.I,
)


def without_asides(text: str) -> str:
    text = _REPORTED_BY.sub(" ", SELF_DESCRIPTION.sub(" ", text))
    if FIELD_TERMS.search(text):
        return text  # "…does it have a name, like still point?": the term is what is asked about
    return _ASIDES.sub(lambda m: m.group(0) if OTHER_THERAPIES.search(m.group(0)) else " ", text)


def ranked(
    retriever: Retriever, query: str, need: Need, k: int, complaints: frozenset[str] = frozenset()
) -> list[Hit]:
    """Passages as the assistant ranks them for a question of this kind: searched with the kind's
    words, those that suit the kind first among near neighbours, and those that name the visitor's
    complaint first among the benefits ("kind of depressed" → the item that names depression, not
    the SER passage about emotions)."""
    if need is Need.GENERAL and not complaints:
        return retriever.search(query, k=k)
    hits = preferred(retriever.search(with_hint(query, need), k=k * WIDER_SEARCH), need, query)
    return naming_the_complaint(hits, retriever, complaints)[:k]


_WHAT_I_MUST_DO = re.compile(
    r"\b(?:have|need|got) to (?:talk|speak|say|tell|share|relive|remember|go)\b", re.I
)


def complaints_asked(question: str, need: Need, concepts: ConceptCheck) -> frozenset[str]:
    """The complaints a question asks the therapies' benefit for, or tells of without asking
    ("kind of depressed since winter. is this something for me?"); none when it asks another kind
    of fact ("will I have to talk about my trauma?")."""
    if need not in (Need.GENERAL, Need.BENEFITS, Need.SUITABILITY, Need.HOW_IT_WORKS):
        return frozenset()
    if _WHAT_I_MUST_DO.search(question):  # what a session asks of the visitor, not what it is for
        return frozenset()
    return concepts.complaints(question)


def told_beside(missing: str, question: str, hits: list[Hit], need: Need, retriever: Retriever) -> bool:
    """Is what the article lacks told beside a complaint it covers, which the best passage names?
    Not when a clause asks for what is lacking, nor beside another therapy ("SER or EMDR?") or a
    medicine ("I'm on sertraline, can SER help?"), nor when the complaint is part of what is lacking
    ("trying to get pregnant" is no pregnancy discomfort)."""
    if asks_for(missing, question) or OTHER_THERAPIES.search(question) or names_a_medicine(question):
        return False
    lacking = "|".join(re.escape(w) for w in re.findall(r"[a-z0-9]{3,}", missing.lower()))
    rest = re.sub(rf"\b(?:{lacking})\w*", " ", question, flags=re.I) if lacking else question
    return names_complaint(hits, complaints_asked(rest, need, retriever.concepts), retriever)


def asks_for(missing: str, question: str) -> bool:
    """Does a clause that asks name what is missing ("is CST good for vertigo?"), not only the story
    told beside a covered complaint ("my anxiety is through the roof and my IBS flares up")? A
    serious illness is asked about wherever it is named."""
    lacking = set(re.findall(r"[a-z0-9]+", missing.lower()))
    if lacking & SERIOUS:
        return True
    # A dash sets the story apart: "I'm pregnant and my hips ache - does it help pregnancy discomfort?"
    clauses = [re.split(r"\s[-–—]+\s", c)[-1] for c in _CLAUSE.findall(question)]
    asking = [c for c in clauses if "?" in c or _OPENS_A_QUESTION.match(c)]
    return any(lacking & set(re.findall(r"[a-z0-9]+", c.lower())) for c in asking)


# A clause that asks, with or without its question mark ("can it help my back"), not a statement
# that has a verb ("my back and pelvis are really sore").
_OPENS_A_QUESTION = re.compile(
    r"^\W*(?:(?:so|and|but|ok|okay|also|then|hi|hey)\W+)*"
    r"(?:can|could|would|will|does|do|is|are|should|what|how|why|when|where|who|which|any|worth)\b",
    re.I,
)


def names_complaint(hits: list[Hit], complaints: frozenset[str], retriever: Retriever) -> bool:
    """Does the best passage name a complaint the visitor tells of (a benefit list's item)?"""
    return bool(hits and complaints and retriever.complaints_of(hits[0].passage) & complaints)


def complaint_bonus(named: frozenset[str]) -> float:
    """A complaint named in one word ("pregnant") points to its item more surely than a phrase
    pieced together from common words ("my back … sore")."""
    if not named:
        return 0.0
    return COMPLAINT_BONUS if any("+" not in n for n in named) else COMPLAINT_BONUS / 2


def naming_the_complaint(hits: list[Hit], retriever: Retriever, complaints: frozenset[str]) -> list[Hit]:
    if not complaints:
        return hits
    named = [retriever.complaints_of(h.passage) & complaints for h in hits]
    scored = [replace(h, score=h.score + complaint_bonus(n)) for h, n in zip(hits, named, strict=True)]
    return sorted(scored, key=lambda h: h.score, reverse=True)


# An SER session is what "How Somato-Emotional Release Works" describes ("During an SER session…"),
# as much as the section on sessions of either therapy.
_SER_SESSION = re.compile(r"^How Somato-Emotional Release Works")


def suits_the_question(need: Need, passage: Passage, query: str) -> bool:
    if suits(need, passage):
        return True
    ser_only = subjects_in(query) == ["SER"]
    return need is Need.SESSION and ser_only and bool(_SER_SESSION.search(passage.section))


def preferred(hits: list[Hit], need: Need, query: str = "") -> list[Hit]:
    """The hits re-ranked with a bonus for passages that suit the kind of fact asked for ("does it
    hurt?" → the light-touch sentences, not the chronic-pain benefit). The bonus is smaller than
    the gap between a passage on the question's topic and one off it: it reorders near neighbours."""
    if need is Need.GENERAL:
        return hits
    bonus = KINDS[need].bonus if need in KINDS else 0.0
    scored = [
        replace(h, score=h.score + bonus) if suits_the_question(need, h.passage, query) else h for h in hits
    ]
    return sorted(scored, key=lambda h: h.score, reverse=True)
