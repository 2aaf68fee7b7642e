"""Crisis and emergency screening: runs on every user message before anything else.

Patterns of our own, so that no classifier, rule or form can skip it; the NLU classifier's
`crisis` intent is a second signal on top (see `screen`). Idioms ("this headache is killing me",
"I'm dying to try CST") and explicit negations ("I'm not suicidal") are removed before matching.
Light on purpose (only `re`): the Rasa server can import it too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from bot.settings import PROJECT_DIR

if TYPE_CHECKING:
    from bot.knowledge.embedding import Encoder

EXAMPLES_FILE = PROJECT_DIR / "data" / "safety" / "crisis_examples.yml"


class Danger(str, Enum):
    """What the danger is about: it decides which help the reply points to."""

    SUICIDE = "suicide"
    SELF_HARM = "self_harm"
    MEDICAL = "medical"
    VIOLENCE = "violence"


class Signal(str, Enum):
    """Which check found the danger."""

    PATTERN = "pattern"
    SIMILARITY = "similarity"
    CONTEXT = "context"  # a weak signal with distress in the conversation
    CLASSIFIER = "classifier"  # the NLU intent, confirmed by the similarity screen


SUICIDE, SELF_HARM, MEDICAL, VIOLENCE = Danger.SUICIDE, Danger.SELF_HARM, Danger.MEDICAL, Danger.VIOLENCE

_I = r"(?:i|i'm|im|i am|i've|ive|i have|i'll|ill|i will|i just|i really|i keep|i kind of|i kinda)"
_PERSON = (
    r"(?:i|i'm|im|i am|he|she|they|he's|she's|my (?:dad|father|mum|mom|mother|husband|wife|partner|"
    r"son|daughter|friend|child|baby|grandma|grandpa|grandmother|grandfather|brother|sister)(?: is|'s)?)"
)

_PATTERNS: dict[Danger, list[str]] = {
    SUICIDE: [
        r"\bsuicid\w*",
        r"\bkill(?:ing)? my ?self\b",
        r"\bk[i1]ll?(?:ing)? (?:my ?self|m[yi]s[e3]lf|myslef)\b",
        r"\bend(?:ing)? (?:my|it) (?:own )?life\b",
        r"\bend(?:ing)? it all\b",
        r"\btake my (?:own )?life\b",
        r"\b(?:want|wanna|wish|going|ready|plan(?:ning)?) (?:to )?(?:die|be dead)\b",
        r"\bwish i (?:was|were) dead\b",
        r"\bwish i (?:wasn't|weren't|was not|were not) (?:alive|here|born)\b",
        r"\b(?:don't|do not|dont) want to (?:be alive|live|exist|wake up|be here anymore)\b",
        r"\bno (?:reason|point) (?:to|in) (?:live|living|go on|going on|being alive)\b",
        r"\b(?:life|living) (?:is|isn't|is not) (?:not )?worth (?:living|it)\b",
        r"\bnot worth living\b",
        r"\bbetter off (?:dead|without me)\b",
        r"\bcan'?t (?:go on|take it) any ?more\b",
        r"\bhang(?:ing)? my ?self\b",
        r"\b(?:jump|jumping) (?:off|in front of)\b.{0,30}\b(?:bridge|building|roof|train|cliff)\b",
        r"\bthoughts? (?:of|about) (?:dying|death|ending)\b",
        r"\bwrote (?:a|my) (?:suicide|goodbye) (?:note|letter)\b",
        r"\bunalive\b",
        r"\b(?:never|not) (?:to )?wake up\b",
        r"\b(?:lost|losing) (?:the|my|all) will to live\b",
        r"\bways to (?:die|kill my ?self|end (?:it|my life))\b",
        r"\b(?:last|final) (?:night|day) (?:on earth|alive|of my life)\b",
        r"\b(?:standing|sitting) on (?:the|a) (?:roof|ledge|edge|bridge|tracks)\b",
        r"\b(?:decided|going|want) to end (?:it|things|everything)\b",
        r"\bwhen i'?m gone\b|\bif i was gone\b|\bif i were gone\b",
    ],
    SELF_HARM: [
        r"\bself[- ]?harm\w*",
        r"\b(?:cut|cutting|burn|burning|hurt|hurting|harm|harming|starve|starving) my ?self\b",
        r"\bcuts? on my (?:arms?|wrists?|legs?)\b",
        r"\b(?:i'?m|i am|started|been) (?:cutting|burning|hurting my ?self)(?: again)?\b",
    ],
    MEDICAL: [
        # Overdose and poisoning
        r"\boverdos\w*",
        r"\b(?:took|taken|swallowed|ate|drank) (?:a lot of|too many|too much|all (?:my|the)|a whole bottle of|an entire bottle of)\b",
        r"\b(?:swallowed|drank|ingested) (?:bleach|poison|antifreeze|detergent|rat poison|weed ?killer)\b",
        r"\b(?:been|got|getting|was) poisoned\b",
        r"\b(?:swallowed|took|taken|ate|drank) (?:a |an |the )?(?:whole |full |entire )?(?:bottle|packet|pack|box) of\b",
        r"\b(?:drank|swallowed|ate) (?:something|some|stuff) (?:from|under|in) (?:the|under)\b",
        r"\b(?:won'?t|will not|can'?t|cannot) (?:stay awake|wake (?:him|her|them) up)\b",
        # Heart attack
        r"\b" + _PERSON + r" (?:having|had|has) (?:a )?heart attack\b",
        r"\bheart attack (?:right )?now\b",
        r"\b(?:crushing|severe|sudden|bad|sharp|tight|heavy) (?:chest pain|pain in (?:my|his|her) chest)\b",
        r"\b(?:i have|i've got|i got|i'm having|im having|having) (?:chest pain|pain in my chest)\b",
        r"\bchest (?:pain|pressure|tightness)\b.{0,40}\b(?:arm|jaw|sweat\w*|short of breath|breathless)\b",
        r"\bpain (?:is )?(?:spreading|going|radiating|moving) (?:down|to|into|up) (?:my|his|her) (?:left )?(?:arm|jaw|neck)\b",
        r"\bchest (?:hurts|is hurting|aches|is aching|feels tight)\b.{0,25}\b(?:badly|a lot|so much|really bad|arm|jaw|breath\w*)\b",
        # Stroke (FAST signs)
        r"\b" + _PERSON + r" (?:having|has) (?:a )?stroke\b",
        r"\b(?:signs|symptoms) of (?:a )?stroke\b.{0,30}\b(?:now|right now|today|he|she|i|my)\b",
        r"\b(?:face|mouth|smile) (?:is |started |suddenly )?(?:drooping|droops|drooped|fell|is falling|went numb)\b",
        r"\bdrooping (?:face|mouth|on one side)\b",
        r"\bone side of (?:my|his|her) (?:face|body)\b.{0,30}\b(?:numb|droop\w*|weak|can'?t move)\b",
        r"\b(?:can'?t|cannot|can not) (?:lift|raise|move|feel) (?:my|his|her) (?:left |right )?(?:arm|leg)\b",
        r"\b(?:arm|leg) (?:is |went |suddenly )?(?:weak|numb|limp)\b.{0,40}\b(?:sudden\w*|face|speech|talk)\b",
        r"\b(?:slurred|slurring) (?:speech|words|his words|her words|my words)\b",
        r"\b(?:speech|words) (?:is |are )?(?:slurred|garbled)\b",
        r"\b(?:can'?t|cannot) (?:speak|talk) (?:properly|clearly|right)\b",
        # Sudden worst-ever headache
        r"\bworst headache (?:of my life|ever|i'?ve ever had|i have ever had)\b",
        r"\b(?:sudden|thunderclap)\b.{0,20}\b(?:severe|worst|explosive|excruciating)\b.{0,10}\bheadache\b",
        r"\bthunderclap headache\b",
        # Head injury with vomiting, confusion or loss of consciousness
        r"\b(?:hit|banged|bumped|hurt|injured) (?:my|his|her|their) head\b.{0,80}\b(?:vomit\w*|throw\w* up|threw up|being sick|confus\w*|passed out|blacked out|unconscious|drowsy|seizure)",
        r"\b(?:vomit\w*|throw\w* up|threw up|confus\w*|passed out|blacked out)\b.{0,80}\b(?:hit|banged|bumped|hurt|injured) (?:my|his|her|their) head\b",
        r"\bhead (?:injury|trauma)\b.{0,60}\b(?:vomit\w*|throw\w* up|threw up|confus\w*|passed out|unconscious)",
        # Not breathing, unconscious, choking, seizure
        r"\b(?:not|isn't|is not|stopped|stop) breathing\b",
        r"\b(?:can'?t|cannot|can not) breathe\b",
        r"\b(?:is|went|found \w+) (?:unconscious|unresponsive)\b",
        r"\b(?:won'?t|will not|doesn'?t|does not) wake up\b",
        r"\b(?:is |he's |she's |i'm )?choking\b",
        r"\b(?:having|had) a seizure\b",
        r"\b(?:turning|turned|going) blue\b",
        # Severe bleeding
        r"\bbleeding (?:heavily|badly|a lot|everywhere|profusely|non-?stop)\b",
        r"\bbleeding (?:that )?(?:won'?t|will not|doesn'?t|does not|can'?t) stop\b",
        r"\b(?:lots|lot|so much|pool) of blood\b",
        r"\b(?:losing|lost) (?:a lot of|so much) blood\b",
        r"\bcall (?:an )?ambulance\b",
    ],
    VIOLENCE: [
        r"\b(?:he|she|they|my (?:partner|husband|wife|boyfriend|girlfriend|dad|father|mum|mom|mother|ex|"
        r"stepdad|stepfather|carer|caregiver)) (?:hits|hit|beats|beat|is hurting|hurts|abuses|abused|chokes|choked|"
        r"threatens|threatened|is threatening|raped|assaulted|attacked|attacks) (?:me|us|my)\b",
        r"\b(?:being|been|was|am|i'm|im) (?:abused|beaten|assaulted|raped|molested|attacked)\b",
        r"\bdomestic (?:violence|abuse)\b",
        r"\b(?:strangled|choked|suffocated) me\b",
        r"\b(?:afraid|scared|fear) (?:for my life|for my safety|he will kill me|she will kill me|of being killed)\b",
        r"\b(?:going|threatening|threatened|wants?) to kill (?:me|us|my)\b",
        r"\bsexual(?:ly)? (?:assault\w*|abus\w*)\b",
        r"\b(?:want|going|plan(?:ning)?) to (?:kill|hurt|harm|attack) (?:him|her|them|someone|somebody|people)\b",
        r"\b(?:not|don'?t|do not) feel safe at home\b",
    ],
}

# Idioms and negations, removed before matching so that they cannot trigger the screen.
_NOT_DANGER = [
    r"\b(?:is|are|was|were|'s|'re) killing me\b",  # "this headache is killing me"
    r"\bdying (?:to|for)\b",  # "I'm dying to try CST"
    r"\bdying of (?:laughter|embarrassment|boredom|curiosity)\b",
    r"\bcould (?:just )?die\b",
    r"\bkill(?:ing)? for\b",  # "I'd kill for a massage"
    r"\bkill(?:ing)? (?:time|the pain|my pain|pain)\b",
    r"\bkilled it\b",
    r"\bnever (?:been |felt |was |am |be )?(?:suicidal|self[- ]harm\w*)\b",
    r"\b(?:not|no longer|isn'?t|wasn'?t|am not|i'm not|im not) (?:feeling )?suicidal\b",
    r"\bno (?:suicidal|self[- ]harm) (?:thoughts|feelings|ideas|ideation)\b",
    r"\b(?:not|never) (?:going to|gonna|planning to|want to|wanting to) (?:kill|hurt|harm) my ?self\b",
    r"\b(?:don'?t|do not|would never|wouldn'?t|will never) (?:want to )?(?:kill|hurt|harm) my ?self\b",
    r"\bsuicide (?:prevention|awareness|rates?|statistics)\b",
    r"\bheart attack (?:risk|prevention)\b",
    r"\b(?:prevent|after|recover\w* from|history of|had) (?:a )?(?:heart attack|stroke) (?:last|in|years?|months?|ago)\b",
]

# Weak signals: alone they are ordinary speech; with distress in the conversation they are not.
_DISTRESS = re.compile(
    r"\b(?:hopeless|worthless|a burden|can'?t cope|desperate|so alone|empty inside|in despair|"
    r"really (?:low|down|depressed)|so (?:low|down|depressed)|given up|no way out|trapped)\b",
    re.I,
)
_WEAK = re.compile(
    r"\b(?:no point|what'?s the point|don'?t see the point|can'?t go on|give up on everything|"
    r"tired of (?:everything|living|it all)|want (?:it|everything) to (?:end|stop)|disappear forever|"
    r"not be here|no way out|sleep forever|make it stop)\b",
    re.I,
)

_COMPILED = {kind: [re.compile(p, re.I) for p in patterns] for kind, patterns in _PATTERNS.items()}
_NOT_DANGER_RE = re.compile("|".join(_NOT_DANGER), re.I)
CRISIS_INTENT = "crisis"
CRISIS_INTENT_CONFIDENCE = 0.8
CONFIRM_THRESHOLD = 0.4


@dataclass(frozen=True)
class Screening:
    kind: Danger
    signal: Signal


def _normalise(text: str) -> str:
    text = text.lower().replace("’", "'").replace("‘", "'")
    return re.sub(r"\s+", " ", text)


class SimilarityScreen:
    """Catches danger phrased in words no pattern lists: a message part is flagged when it is
    close to a danger exemplar and closer to it than to any safe one (data/safety)."""

    def __init__(
        self,
        encoder: Encoder,
        threshold: float = 0.48,
        margin: float = 0.12,
        examples_file: Path = EXAMPLES_FILE,
    ) -> None:
        raw = yaml.safe_load(examples_file.read_text(encoding="utf-8"))
        self.kinds = [Danger(kind) for kind, texts in raw["danger"].items() for _ in texts]
        danger = [t for texts in raw["danger"].values() for t in texts]
        self.encoder, self.threshold, self.margin = encoder, threshold, margin
        self.danger = encoder.encode(danger)
        self.safe = encoder.encode(list(raw["safe"]))

    def assess(self, text: str) -> tuple[Danger, float, float]:
        """For the most dangerous part of the text: its kind, similarity to danger and to safe."""
        parts = message_parts(text)
        vectors = self.encoder.encode(parts)
        danger, safe = vectors @ self.danger.T, vectors @ self.safe.T
        best_part = int(danger.max(axis=1).argmax())
        best_example = int(danger[best_part].argmax())
        return self.kinds[best_example], float(danger[best_part, best_example]), float(safe[best_part].max())

    def flags(self, danger: float, safe: float) -> bool:
        return danger >= self.threshold and danger - safe >= self.margin

    def leans_to_danger(self, danger: float, safe: float) -> bool:
        """Weaker than `flags`: enough to confirm the classifier's crisis intent, not alone."""
        return danger >= CONFIRM_THRESHOLD and danger > safe


def message_parts(text: str, limit: int = 8) -> list[str]:
    """The message and its clauses: danger hidden in a question must not be averaged away."""
    pieces = [p.strip() for p in re.split(r"[.?!;\n]+|,\s*(?:and|but|also|so)\b|\b(?:also|but)\b", text)]
    pieces = [p for p in pieces if len(p.split()) >= 2]
    return [text[:500], *pieces[:limit]]


def screen(
    text: str,
    previous_texts: tuple[str, ...] = (),
    intent: str | None = None,
    confidence: float = 0.0,
    similar: SimilarityScreen | None = None,
) -> Screening | None:
    """Danger in this message (or in it together with the last few), else None."""
    message = _normalise(text)
    cleared = _NOT_DANGER_RE.sub(" ", message)
    for kind, patterns in _COMPILED.items():
        if any(p.search(cleared) for p in patterns):
            return Screening(kind, Signal.PATTERN)
    assessment = similar.assess(cleared) if similar is not None and cleared.strip() else None
    if assessment and similar.flags(*assessment[1:]):
        return Screening(assessment[0], Signal.SIMILARITY)
    if _WEAK.search(cleared) and (
        _DISTRESS.search(cleared) or any(_DISTRESS.search(_normalise(t)) for t in previous_texts)
    ):
        return Screening(SUICIDE, Signal.CONTEXT)
    # The classifier is a second opinion, never the only line: it counts when the similarity
    # screen also leans to danger, on text that the idiom and negation filter left intact.
    classifier_says = intent == CRISIS_INTENT and confidence >= CRISIS_INTENT_CONFIDENCE
    if classifier_says and cleared == message and assessment and similar.leans_to_danger(*assessment[1:]):
        return Screening(assessment[0], Signal.CLASSIFIER)
    return None
