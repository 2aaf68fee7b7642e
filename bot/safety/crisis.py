"""Crisis and emergency screening: runs on every user message before anything else.

Two layers. The rules are the floor: patterns grounded in the published instruments (C-SSRS
screener items: wish to be dead, thoughts, method, intent, plan, preparatory behaviour; 988 and
Samaritans warning signs and farewells; NHS "when to call 999"; BE-FAST stroke signs; heart
attack, anaphylaxis, meningitis/sepsis, seizure, head-injury and poisoning signs; the SafeLives
Dash and Danger Assessment items for violence), read in context (bot/safety/context.py: history,
stories, work, general questions, jokes, pets and denials are not danger now). The learned layer
(bot/safety/classifier.py) adds what the rules miss and never removes what they find. A message
that is no emergency but deserves care gets a screening that is not urgent.

Light on purpose (`re`, and numpy only when the learned layer runs): the Rasa server imports it
for its degraded reply, with the rules alone.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

from bot.safety.classifier import ClassifierUnavailable, CrisisClassifier, mean_vector, window
from bot.safety.context import (
    Context,
    Frame,
    asks_about_coming_off_a_medicine,
    frames,
    says_farewell,
    says_farewell_for_a_reason,
    says_now,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

    import numpy as np

    from bot.knowledge.embedding import Encoder
    from bot.safety.reader import Reader


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
    CLASSIFIER = "classifier"  # the learned layer (bot/safety/classifier.py)
    CONVERSATION = "conversation"  # the learned layer, on the last turns together


SUICIDE, SELF_HARM, MEDICAL, VIOLENCE = Danger.SUICIDE, Danger.SELF_HARM, Danger.MEDICAL, Danger.VIOLENCE

_I = r"(?:i|i'm|im|i am|i've|ive|i have|i'll|ill|i will|i just|i really|i keep|i kind of|i kinda)"
_PERSON = (
    r"(?:i|i'm|im|i am|he|she|they|he's|she's|my (?:dad|father|mum|mom|mother|husband|wife|partner|"
    r"son|daughter|friend|child|baby|grandma|grandpa|grandmother|grandfather|brother|sister)(?: is|'s)?)"
)

_PATTERNS: dict[Danger, list[str]] = {
    SUICIDE: [
        # The word alone is not danger ("suicide rates", "died by suicide"): the person's own state is.
        r"\b(?:i'?m|i am|im|feel(?:ing)?|felt|been|getting|get|so|really|very|quite|bit|becoming) suicidal\b",
        r"\bsuicidal (?:again|tonight|right now|today)\b",
        r"\b(?:thinking|thought|think|thoughts) (?:about|of) (?:suicide|killing my ?self|taking my life)\b",
        r"\b(?:attempt|attempting|commit|committing|planning|plan) (?:to commit )?suicide\b",
        r"\bsuicide (?:note|plan|letter|pact)\b",
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
        r"\bwrote (?:a|my) (?:suicide|goodbye) (?:note|letter)\b",
        # C-SSRS preparatory behaviour and 988/Samaritans farewells: letters, saved pills, goodbyes
        r"\b(?:saving|saved|collecting|collected|stockpil\w+|hoard\w+|stashing|stashed) (?:up )?(?:my |all my |some |the )?(?:pills|tablets|meds|medication|painkillers)\b",
        r"\b(?:won'?t|will not|wont) be (?:around|here|alive) (?:much longer|for long|any ?more)\b",
        r"\b(?:if|when|once|after) i'?m (?:not here|gone|no longer here|not around) (?:next|tomorrow|any ?more|anymore)\b",
        r"\bthis is (?:my )?last (?:message|post|text|time you hear from me)\b(?! (?:today|for (?:now|today|tonight)|before))",
        r"\b(?:saying|say) (?:my )?goodbyes? (?:to (?:everyone|everybody|you all|my family)|forever)\b",
        # wish to join someone who died
        r"\b(?:want|wanna|going|ready|longing|wish|need) to (?:join|be with) (?:her|him|them|my \w+)\b(?=.{0,80}\b(?:died|dead|passed|gone|heaven|grave)\b)|\b(?:died|dead|passed away|gone)\b.{0,80}\b(?:want|wanna|going|ready|wish|need) to (?:join|be with) (?:her|him|them)\b",
        r"\b(?:given|giving|gave) away (?:all )?(?:of )?my (?:things|stuff|belongings|possessions|pets?|treasures)\b",
        r"\b(?:scared|afraid|frightened|worried) (?:of )?what i (?:might|could|will|would) do to my ?self\b",
        r"\b(?:don'?t|do not|dont) feel safe (?:on my own|alone|with my ?self|around my ?self|by my ?self)\b",
        r"\b(?:standing|sitting|waiting) (?:at|on|by|near) the (?:edge of the )?(?:platform|platform edge|ledge|edge|tracks|cliff|roof)\b"
        r"(?! of (?:my|the|a|his|her|our) (?:bed|sofa|seat|chair|couch|bath|desk|table|pool|stage))(?! terrace| garden| bar)",
        r"\bunalive my ?self\b",
        # C-SSRS preparatory behaviour: a ligature set up, a car left running shut in.
        r"\b(?:belt|rope|cord|noose|scarf|cable|ligature|tie)\b.{0,20}\b(?:tied|attached|fixed|hooked|hung)\b.{0,25}"
        r"\b(?:door|wardrobe|banister|bannister|beam|rail|hook|ceiling|loft)\b|\b(?:made|tied|tying|making) (?:a|the) noose\b",
        r"\b(?:engine|car) (?:is |was |has been |been |still )*running\b.{0,60}\b(?:garage|locked|hose\w*)\b"
        r"|\bgarage\b.{0,60}\b(?:engine|car) (?:is |was |has been |been |still )*running\b|\bhose\w* (?:to|from|into|on) the exhaust\b",
        # C-SSRS intent: not living to see the next birthday or year
        r"\b(?:won'?t|wouldn'?t|will not|would not|not going to|never going to) (?:see|live to see|make it to|reach) "
        r"(?:another|the next|next) (?:birthday|christmas|new year|year)\b"
        r"|\bbirthday\b.{0,60}\b(?:won'?t|wouldn'?t|will not|would not) (?:see|live to see|make it to) another(?: one)?\b",
        r"\b(?:never|not) (?:to )?wake up\b",
        r"\b(?:lost|losing) (?:the|my|all) will to live\b",
        r"\bways to (?:die|kill my ?self|end (?:it|my life))\b",
        # C-SSRS method: how much of something it takes to die
        r"\b(?:how many|how much|what dose|what amount|enough)\b.{0,50}\b(?:to die|to kill (?:me|my ?self)|to end (?:it|my life)|"
        r"to not wake up|(?:would|will) kill (?:me|you)|to be fatal|is fatal|is lethal)\b|\blethal dose\b",
        r"\b(?:last|final) (?:night|day) (?:on earth|alive|of my life)\b",
        r"\b(?:standing|sitting) on (?:the|a) (?:roof|ledge|edge|bridge|tracks)\b(?! terrace| garden| bar| top bar)"
        r"(?! of (?:my|the|a|his|her|our) (?:bed|sofa|seat|chair|couch|bath|desk|table|pool|stage))",
        r"\b(?:decided|going|want) to end (?:it|things|everything)\b",
    ],
    SELF_HARM: [
        r"\b(?:cutting|burning|hurting|harm|harming|starve|starving) my ?self\b",
        r"\bi (?:still |keep |always )?(?:self[- ]?harm|cut my ?self|burn my ?self)\b(?! (?:years|when|as a|in the past|at school))",
        r"\bcuts? on my (?:arms?|wrists?|legs?)\b",
        r"\b(?:i'?m|i am|started|been) (?:cutting|burning|hurting) (?:my ?self|again)\b",
    ],
    MEDICAL: [
        # Overdose and poisoning
        r"\b(?:taken|done|taking) an? overdose\b",
        r"\b(?:took|taken|swallowed|ate|drank) (?:a lot of|too many|too much|all (?:my|the)|a whole bottle of|an entire bottle of)\b",
        r"\b(?:swallowed|drank|ingested) (?:bleach|poison|antifreeze|detergent|rat poison|weed ?killer)\b",
        r"\b(?:been|got|getting|was) poisoned\b",
        # NHS poisoning: several sedating tablets together with alcohol
        r"\b(?:took|taken|swallowed|had)\s(?:about |like |maybe |around )?(?:[5-9]|[1-9]\d|five|six|seven|eight|nine|ten|twenty)\s"
        r"(?:of (?:my |his |her |the )?)?(?:\w+(?:pam|lam|pine|done|codeine)|pills|tablets|sleeping pills|painkillers)\b"
        r"(?=.{0,120}\b(?:wine|vodka|beer|gin|whisky|whiskey|alcohol|drinking|drunk|booze)\b)"
        r"|\b(?:wine|vodka|beer|gin|whisky|whiskey|alcohol|drinking|drunk|booze)\b.{0,120}\b(?:took|taken|swallowed|had)\s"
        r"(?:about |like |maybe |around )?(?:[5-9]|[1-9]\d|five|six|seven|eight|nine|ten|twenty)\s"
        r"(?:of (?:my |his |her |the )?)?(?:\w+(?:pam|lam|pine|done|codeine)|pills|tablets|sleeping pills|painkillers)\b",
        r"\b(?:swallowed|took|taken|ate|drank) (?:a |an |the )?(?:whole |full |entire )?(?:bottle|packet|pack|box|tub|strip) of\b"
        r"(?! (?:tissues|chocolates?|biscuits|cookies|crisps|chips|sweets|candy|cereal|crayons|water|juice|wine|beer|fizz|popcorn)\b)",
        r"\b(?:took|taken|swallowed|ate|drank|had)\b.{0,30}\b(?:medicine|bathroom|first aid) (?:cabinet|cupboard|drawer|box)\b",
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
        r"\b(?:face|mouth|smile) (?:is |started |suddenly )?(?:drooping|droops|drooped|fell|is falling|went numb)\b",
        # BE-FAST: a face gone lopsided beside balance, an arm or speech.
        r"\b(?:face|mouth|smile|lip) (?:is |looks |has gone |went |seems |suddenly )*(?:lopsided|crooked|uneven|slanted|sagging)\b"
        r"(?=.{0,80}\b(?:balance|arm|speech|talk\w*|words|sudden\w*|dizzy|confused)\b)"
        r"|\b(?:balance|arm|speech|sudden\w*)\b.{0,80}\b(?:face|mouth|smile|lip) (?:is |looks |has gone |went |seems )*"
        r"(?:lopsided|crooked|uneven|slanted|sagging)\b",
        r"\bdrooping (?:face|mouth|on one side)\b",
        r"\bone side of (?:my|his|her) (?:face|body)\b.{0,30}\b(?:numb|droop\w*|weak|can'?t move)\b",
        r"\b(?:can'?t|cannot|can not) (?:lift|raise|move|feel) (?:my|his|her) (?:left |right )?(?:arm|leg)\b",
        r"\b(?:arm|leg) (?:is |went |suddenly )?(?:weak|numb|limp)\b.{0,40}\b(?:sudden\w*|face|speech|talk)\b",
        r"\b(?:slurred|slurring) (?:speech|words|his words|her words|my words)\b",
        r"\b(?:speech|words|talking|voice) (?:is |are |went |goes |got |has gone |became |suddenly |is getting |all )*(?:slurred|slurry|garbled|jumbled)\b",
        r"\b(?:can'?t|cannot) (?:speak|talk) (?:properly|clearly|right)\b",
        # Sudden worst-ever headache
        r"\bworst headache (?:of my life|ever|i'?ve ever had|i have ever had)\b",
        r"\b(?:sudden|thunderclap)\b.{0,20}\b(?:severe|worst|explosive|excruciating)\b.{0,10}\bheadache\b",
        r"\b(?:sudden\w*|out of nowhere|came on)\b.{0,40}\b(?:explosive|excruciating|worst|severe|agonising|agonizing|blinding)\b"
        r".{0,20}\b(?:headache|pain (?:in|at the back of|at the front of|behind) (?:my|his|her|the) (?:head|eyes?))\b",
        # Meningitis: a stiff neck with light that hurts (with a headache or fever)
        r"\b(?:stiff neck|neck (?:is |feels |gone )?(?:stiff|rigid))\b.{0,80}\b(?:light (?:hurts|is painful)|hurts? (?:my|his|her) eyes|can'?t (?:stand|bear|look at) (?:the )?light)\b"
        r"|\b(?:light (?:hurts|is painful)|can'?t (?:stand|bear|look at) (?:the )?light)\b.{0,80}\b(?:stiff neck|neck (?:is |feels )?(?:stiff|rigid))\b",
        r"\b(?:head|headaches?|migraines?)\b.{0,120}\bworst (?:pain|headache|one)? ?(?:i'?ve ever|i have ever|of my life|ever)\b",
        r"\bworst (?:pain|headache) (?:i'?ve ever|i have ever|of my life|ever)\b.{0,80}\b(?:head|headaches?)\b",
        # Head injury with vomiting, confusion or loss of consciousness
        r"\b(?:hit|banged|bumped|hurt|injured) (?:my|his|her|their) head\b.{0,80}\b(?:vomit\w*|throw\w* up|threw up|(?:being|been|was|keeps? being|getting) sick|confus\w*|passed out|blacked out|unconscious|drowsy|seizure|keeps? forgetting|can'?t remember|memory)",
        r"\b(?:vomit\w*|throw\w* up|threw up|confus\w*|passed out|blacked out)\b.{0,80}\b(?:hit|banged|bumped|hurt|injured) (?:my|his|her|their) head\b",
        r"\bhead (?:injury|trauma)\b.{0,60}\b(?:vomit\w*|throw\w* up|threw up|confus\w*|passed out|unconscious)",
        # Not breathing, unconscious, choking, seizure
        r"(?<!i'm )(?<!im )(?<!i am )(?<!am i )\b(?:not|isn't|is not|stopped|stop) breathing\b",
        r"\b(?:can'?t|cannot|can not) breathe\b",
        r"\b(?:is|went|found \w+) (?:unconscious|unresponsive)\b",
        r"\b(?:won'?t|will not|doesn'?t|does not) wake up\b",
        r"\b(?:is|he's|she's|i'm|im|i am|he is|she is|they're|baby's|baby is) (?:choking|chocking)\b",
        r"\b(?:is|he's|she's|i'm|im|i am|he is|she is|they're|baby's|baby is|keeps?) having (?:a )?seizures?\b",
        r"\bhaving a seizure (?:now|right now)\b|\bseizing\b",
        r"\b(?:turning|turned|going) blue\b",
        # Severe bleeding
        r"\bbleeding (?:heavily|badly|a lot|everywhere|profusely|non-?stop)\b",
        r"\bbleeding (?:that )?(?:won'?t|will not|doesn'?t|does not|can'?t) stop\b",
        r"\b(?:lots|lot|so much|pool) of blood\b",
        r"\b(?:losing|lost) (?:a lot of|so much) blood\b",
        r"\bcall (?:an )?ambulance\b",
        # NICE head-injury red flags: not come round, clear fluid, drowsy, repeated vomiting
        r"\b(?:knocked out|unconscious|passed out|blacked out|out cold)\b.{0,80}\b(?:hasn'?t|has not|not|won'?t|didn'?t|never|still hasn'?t) (?:properly )?(?:come round|come around|come to|woken|woke|wake)",
        r"\b(?:hasn'?t|has not|not|never) (?:properly )?(?:come round|come around) properly\b",
        # ... and unequal pupils, a focal sign after a knock to the head
        r"\b(?:one|a|his|her|my) pupil (?:is |looks |seems )?(?:much |a lot |way )?(?:bigger|larger|smaller|wider|huge|dilated)\b",
        r"\bpupils? (?:are |look |is )?(?:different sizes|unequal|uneven|not the same size)\b",
        r"\b(?:clear )?(?:fluid|liquid) (?:is )?(?:coming|leaking|running|dripping)? ?(?:from|out of) (?:my|his|her|their|the) (?:nose|ears?)\b",
        # Meningitis and sepsis: a rash that does not fade under a glass
        r"\b(?:rash|spots|marks|blotches|dots)\b.{0,60}\b(?:don'?t|doesn'?t|do not|does not|won'?t|not|didn'?t) (?:fade|go away|disappear|blanch)\b.{0,30}\b(?:glass|press\w*)",
        # NHS sepsis signs: mottled or blotchy skin with clamminess, confusion or collapse; a baby
        # hard to wake, or under three months with a temperature of 38C or more
        r"(?:\b(?:mottled|blotchy|blue|grey|gray|ashen) (?:skin|lips|hands|feet)|\b(?:skin|lips) (?:is |are |looks |has gone |went )*"
        r"(?:mottled|blotchy|blue|grey|ashen))\b.{0,80}\b(?:clammy|cold|confus\w*|barely (?:stand|breathe)|can'?t stand|fainting|sickest)\b"
        r"|\b(?:clammy|confus\w*|barely stand|sickest)\b.{0,80}\b(?:(?:mottled|blotchy) skin|skin (?:is |looks )?(?:mottled|blotchy))\b",
        r"\b(?:baby|newborn|infant|toddler|son|daughter|child|he|she|he's|she's|hes|shes)\b.{0,40}\b(?:hard|difficult|impossible) to wake\b",
        r"\b(?:newborn|[1-9]|1[0-2]|two|three|four|six|eight) ?(?:days?|weeks?|wks?)\b.{0,80}\b(?:temp\w*|fever)\b.{0,20}\b(?:38|39|40)\b",
        # Anaphylaxis: swelling throat, tongue or lips; heart attack: a crushing weight on the chest
        r"\b(?:throat|tongue|lips?|mouth)\b (?:is |are |feels? |getting |has |have |started |keeps? )*(?:swell\w*|swollen|tight\w*|closing(?: up)?)\b",
        r"\bchest\b.{0,30}\b(?:elephant|crush\w*|squeez\w*|in a vice|heavy weight|someone sitting on)\b",
        # NHS asthma attack: the reliever doesn't help, too breathless to speak
        r"\binhaler (?:isn'?t|is not|not|doesn'?t|does not|didn'?t|did not|has not|hasn'?t) (?:working|helping|work|help)\w*",
        r"\b(?:can'?t|cannot|unable to) (?:finish|complete|get out) (?:a |my |his |her |their |full )?(?:sentences?|words?)\b",
        # Epilepsy Society: a seizure over five minutes is an emergency (also across turns)
        r"\b(?:seizures?|fit|fits|fitting|convuls\w*|jerking|shaking)\b.{0,120}?\b(?:[5-9]|[1-5]\d|five|six|seven|eight|nine|ten|fifteen|twenty)"
        r"(?: or (?:[5-9]|1\d|six|seven|eight|nine|ten))? ?(?:minutes?|mins?|minits?)\b",
        # Thunderclap headache: at full strength within seconds
        r"\bheadache\b.{0,40}\b(?:instantly|in (?:a few )?seconds|within (?:a minute|seconds)|(?:0|zero) to (?:10|ten)|"
        r"like (?:a thunderclap|being hit|a bang|an explosion))",
        # A young child alone where they could die now
        r"\b(?:toddlers?|child|children|kids?|little (?:boys?|girls?|ones?)|baby|babies|boy|girl)\b.{0,40}\b(?:alone|on (?:his|her|their) own|wandering|"
        r"unattended|left)\b.{0,40}\b(?:ledge|balcony|motorway|main road|busy road|roof|window ?sill|river|canal|pool|railway|tracks|"
        r"hot car|locked car|car park|(?:for )?(?:two|three|four|\d+) days|all night|overnight)\b",
        # Overdose stated as an amount or an act
        r"\b(?:took|taken|swallowed|had|downed) (?:about |around |like |maybe |over |nearly |at least )?(?:\d{2,}|twenty|thirty|forty|fifty|a hundred) (?:of )?(?:my |the |his |her )?(?:pills|tablets|paracetamol|ibuprofen|aspirin|painkillers|sleeping pills|meds|capsules)\b",
        r"\b(?:taken|took|swallowed) (?:all|the whole lot|everything|the lot|every one) (?:of )?(?:it|them|my pills|my tablets|my meds|the pills|the tablets)\b",
    ],
    VIOLENCE: [
        r"\b(?:he|she|they|my (?:partner|husband|wife|boyfriend|girlfriend|dad|father|mum|mom|mother|ex|"
        r"stepdad|stepfather|carer|caregiver)) (?:hits|beats|is hurting|hurts|abuses|chokes|"
        r"threatens|is threatening|attacks) (?:me|us|my)\b",
        r"(?<!after )(?<!from )\b(?:being|am|i'm|im) (?:abused|beaten|assaulted|raped|molested|attacked)\b",
        r"\b(?:was|been|got) (?:sexually )?(?:abused|beaten|assaulted|raped|molested|attacked)\b.{0,40}\b(?:tonight|today|"
        r"yesterday|last night|this (?:morning|afternoon|evening|week)|last week|just now|(?:an|one|two|a few) hours? ago)\b",
        r"\b(?:he|she|they|my (?:husband|wife|partner|boyfriend|girlfriend|ex|dad|father|stepdad|mum|mom|mother|son|brother))"
        r"(?:'s| is| are) (?:killing|strangling|choking|beating|stabbing|hurting) (?:me|us)\b",
        r"\b(?:strangled|choked|suffocated) me\b",
        r"\b(?:afraid|scared|fear) (?:for my life|for my safety|he will kill me|she will kill me|of being killed)\b",
        r"(?<!i'm )(?<!im )(?<!i am )\b(?:going|threatening|threatened|wants?) to kill (?:me|us|my)\b",
        r"\b(?:want|going|plan(?:ning)?) to (?:kill|hurt|harm|attack) (?:him|her|them|someone|somebody|people)\b",
        r"\b(?:not|don'?t|do not) feel safe at home\b",
        # DASH: controlling behaviour with a threat ("won't let me leave, took my phone, says nobody
        # would find my body", "locked the doors … he'll kill me if I call anyone")
        r"\b(?:won'?t let me (?:leave|out|go)|locked (?:me|us) in|trapped (?:me|us|in)|(?:took|taken|has) (?:my|the) "
        r"(?:\w+ )?(?:keys|phone))\b.{0,120}\b(?:kill|find my body|finish me|end me|hurt me|hurt us|you'?ll regret)\b",
    ],
}

# Weak patterns: words that name a danger as often as they report one ("domestic abuse", "self-harm",
# "overdosed", "won't be around next week", "this is goodbye"). They lower the learned layer's bar to
# WEAK_BAR instead of deciding alone; with the rules alone (the Rasa server's degraded reply) they
# decide, as every pattern does. The same instruments as above.
_WEAK_PATTERNS: dict[Danger, list[str]] = {
    SUICIDE: [
        r"\bsuicidal (?:thoughts|feelings|urges|ideas|lately|recently)\b",
        r"\bthoughts? (?:of|about) (?:dying|death|ending)\b",
        r"\b(?:won'?t|will not|wont) be (?:around|here|alive) (?:tomorrow|next week|for (?:the|your|my|our) \w+)\b",
        r"\bthis is (?:my )?goodbye\b",
        # C-SSRS preparatory behaviour: letters to the family (also written for birthdays, or by a counsellor's advice)
        r"\b(?:wrote|written|writing|left) (?:a |some )?(?:letters?|notes?) (?:for|to) (?:my |all my )?(?:kids|children|family|wife|"
        r"husband|partner|parents|mum|mom|dad|son|daughter|friends|loved ones)\b",
        r"\b(?:kms|ctb|sewerslide|sewer slide)\b",
        r"\bwhen i'?m gone\b|\bif i was gone\b|\bif i were gone\b",
        # 988 warning signs: feeling a burden, slang farewells
        r"\b(?:nobody|no one|no-one|noone) (?:would|will|'?d) (?:care|notice|miss me) if i (?:died|was gone|were gone|disappeared|wasn'?t here)\b",
        r"\bcheck(?:ing|in'?)? out early\b|\bit'?s been real\b",
        r"\bunalive\b",  # slang as often for homework or traffic as for oneself
    ],
    SELF_HARM: [
        r"\bself[- ]?harm\w*",
        r"\b(?:cut|burn|burnt|burned|hurt) my ?self\b",
    ],
    MEDICAL: [
        r"\boverdos\w*",
        r"\btook an? overdose\b",
        # Named as often as reported: "what is a thunderclap headache?", "I had a seizure once"
        r"\bthunderclap headache\b",
        r"\b(?:having|had) a seizure\b",
        r"\b(?:signs|symptoms) of (?:a )?stroke\b[^.?!]{0,30}\b(?:now|right now|today|he|she|i|my)\b",
        r"\b(?:glass|tumbler) test\b",
        r"\bchoking\b",
    ],
    VIOLENCE: [
        r"\b(?:he|she|they|my (?:partner|husband|wife|boyfriend|girlfriend|dad|father|mum|mom|mother|ex|"
        r"stepdad|stepfather|carer|caregiver)) (?:hit|beat|abused|choked|threatened|raped|assaulted|attacked) "
        r"(?:me|us|my)\b",
        r"\b(?:been|was) (?:abused|beaten|assaulted|raped|molested|attacked)\b",
        r"\bdomestic (?:violence|abuse)\b",
        r"\bsexual(?:ly)? (?:assault\w*|abus\w*)\b",
    ],
}
# The learned layer's bar when a weak pattern matched (its own threshold is far higher).
WEAK_BAR = 0.3

# Idioms and negations, removed before matching so that they cannot trigger the screen.
_NOT_DANGER = [
    # "this headache is killing me" (things and body parts; "he is killing me" stays)
    r"\b(?:this|that|it|the \w+|my (?:back|neck|head|headache|feet|knees?|shoulders?|hips?|jaw|job|work|boss|"
    r"kids|commute|migraine|period|stomach)) (?:is|are|was|were) killing me\b|\b(?:it'?s|that'?s) killing me\b",
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
    r"\b(?:prevent|after|recover\w* from|history of|had) (?:a )?(?:heart attack|stroke) (?:last (?:year|month|decade)|in (?:19|20)\d\d|years? ago|months? ago)\b",
]

# Weak signals: alone they are ordinary speech; with distress in the conversation they are not.
_DISTRESS = re.compile(
    r"\b(?:hopeless|worthless|a burden|can'?t cope|desperate|so alone|empty inside|in despair|"
    r"really (?:low|down|depressed)|so (?:low|down|depressed)|given up|no way out|trapped)\b",
    re.I,
)
_WEAK = re.compile(
    r"\b(?:no point|what'?s the point|don'?t see the point|can'?t go on|give up on everything|"
    r"tired of (?:everything|living|it all)|disappear forever|"
    r"not be here|no way out|sleep forever|make it stop|disappear (?:and never come back|for good)|"
    r"want (?:it|everything|it all) to (?:end|stop))\b",
    re.I,
)

_COMPILED = {kind: [re.compile(p, re.I) for p in patterns] for kind, patterns in _PATTERNS.items()}
_WEAK_COMPILED = {kind: [re.compile(p, re.I) for p in patterns] for kind, patterns in _WEAK_PATTERNS.items()}
_NOT_DANGER_RE = re.compile("|".join(_NOT_DANGER), re.I)


FRAMED_BAR = 0.99  # the learned layer's bar for a message that context frames away
# A clause read on its own must say something: "don't worry" alone reads as a farewell, but
# within its message it is read as part of the whole (which the classifier also reads).
MIN_CLAUSE_WORDS = 3
# A clause flags only with this much support from its whole message: "nobody is hurting me" reads
# as danger alone, but not inside "I'm safe at home, nobody is hurting me, I just carry tension".
# Set on the tuning sets (0.1: recall 549/553, false alarms 9/664; 0.5: 547/553, 6/664).
CLAUSE_SUPPORT = 0.5
MAX_MATCHES_READ = 20  # per pattern and message: keeps the rules linear on repetitive input


@dataclass(frozen=True)
class Screening:
    kind: Danger
    signal: Signal
    urgent: bool = True  # False: not an emergency, but the reply carries a line of support


def _normalise(text: str) -> str:
    text = text.lower().replace("’", "'").replace("‘", "'")
    return re.sub(r"[^\S\n]+", " ", text)


class LearnedScreen:
    """The learned layer: the crisis classifier (bot/safety/classifier.py) and the fine-tuned
    reader (bot/safety/reader.py), averaged, on the message, its clauses, and the last few turns
    of the conversation, from one pass of each encoder per message (a clause's vector is pooled
    from the message's tokens; for the classifier a stretch of conversation's vector is the mean
    of its turns' vectors, as in training; the reader reads the stretch as one text)."""

    def __init__(self, encoder: Encoder, classifier: CrisisClassifier, reader: Reader | None = None) -> None:
        self.encoder, self.classifier, self.reader = encoder, classifier, reader
        # Below this the classifier's danger leaves the average under the threshold whatever the
        # reader says: its pass is spared (most messages). Care is then the classifier's alone.
        self._needs_reader = 2 * classifier.threshold - 1
        # Vectors of recent messages, which the next turns need again; keyed by a hash, so no
        # user text is kept in memory beyond the request.
        self._vectors: dict[str, np.ndarray] = {}

    @classmethod
    def load(cls, encoder: Encoder) -> LearnedScreen:
        """Raises ClassifierUnavailable when the classifier or its reader is missing or stale."""
        from bot.safety.classifier import MODEL_DIR
        from bot.safety.reader import Reader
        from bot.safety.training import expected_manifest

        classifier = CrisisClassifier.load(expected=expected_manifest())
        try:
            reader = Reader.load(MODEL_DIR)
        except Exception as error:  # a missing or truncated file; onnxruntime raises its own kinds
            raise ClassifierUnavailable(
                f"The crisis screen's reader cannot be read ({type(error).__name__}); rebuild it with `make safety-model`."
            ) from error
        return cls(encoder, classifier, reader)

    def forget(self) -> None:
        self._vectors.clear()

    def message_vector(self, text: str) -> np.ndarray:
        key = _key(text)
        if key not in self._vectors:
            self._remember(text, self.encoder.encode_spans(text, [])[0])
        return self._vectors[key]

    def _remember(self, text: str, vector: np.ndarray) -> None:
        if len(self._vectors) > 4096:
            self._vectors.clear()
        self._vectors[_key(text)] = vector

    def read(self, text: str, previous_texts: tuple[str, ...] = (), weak: Danger | None = None) -> Screening | None:
        """Danger (urgent) or a need for care (not urgent) that the classifier sees, else None.
        Context that frames a part away (bot/safety/context.py) raises the bar for it; a weak
        pattern's match (`weak`) lowers it to WEAK_BAR, and names the kind of danger."""
        import numpy as np

        spans = clause_spans(text)
        parts = [text, *(text[a:b] for a, b in spans)]
        vectors = list(self.encoder.encode_spans(text, spans))
        self._remember(text, vectors[0])
        texts = list(parts)
        if previous_texts:
            for turns in ([*previous_texts[-2:], text], list(previous_texts[-3:])):
                texts.append(window(turns))
                vectors.append(mean_vector([self.message_vector(t) for t in turns]))
        probabilities = self.classifier.probabilities(texts, np.stack(vectors))
        found = self.classifier.assessments(probabilities)
        if self.reader is not None and (weak or max(a.danger for a in found[: len(parts)]) >= self._needs_reader):
            # The reader reads the message and its clauses (one more pass); stretches of
            # conversation, which would cost a pass each, the classifier reads alone.
            read = self.reader.probabilities(self.reader.encoder.encode_spans(text, spans))
            found = self.classifier.assessments(self.classifier.with_reader(probabilities, read))
        # A message that denies the danger ("I don't want to die, I want to live better") or gives a
        # farewell its ordinary reason holds its other clauses to the framed bar.
        explained = says_farewell_for_a_reason(text)
        clause_floor = (
            FRAMED_BAR
            if Frame.DENIAL in frames(text) or explained or asks_about_coming_off_a_medicine(text)
            else 0.0
        )
        flagged = [
            a
            for i, (a, part) in enumerate(zip(found, parts, strict=False))
            if a.danger >= max(self.bar(part, weak), clause_floor if i else 0.0)
            and not (i and explained and says_farewell(part))  # the farewell clause, its reason told elsewhere
            and (i == 0 or (len(part.split()) >= MIN_CLAUSE_WORDS and found[0].danger >= CLAUSE_SUPPORT))
        ]
        if flagged and weak:
            return Screening(weak, Signal.PATTERN)
        if flagged:
            return Screening(Danger(max(flagged, key=lambda a: a.danger).kind), Signal.CLASSIFIER)
        # Danger that only the conversation shows: the last turns with this one are danger,
        # the turns before were not (else they were answered as danger already).
        threshold = self.classifier.threshold
        # A last message that frames the rest away ("false alarm, he fainted, he's fine now") raises the bar.
        conversation_bar = max(threshold, self.bar(text))
        if previous_texts and found[-2].danger >= conversation_bar and found[-1].danger < threshold:
            return Screening(Danger(found[-2].kind), Signal.CONVERSATION)
        # Care from any sentence that says something ("I used to self-harm and some days are still
        # hard. What happens in a session?"): the question after it must not dilute it.
        readable = [
            a
            for i, (a, part) in enumerate(zip(found, parts, strict=False))
            if i == 0 or len(part.split()) >= MIN_CLAUSE_WORDS
        ]
        caring = max(readable, key=lambda a: a.care)
        if caring.care >= self.classifier.care_threshold:
            return Screening(Danger(caring.kind), Signal.CLASSIFIER, urgent=False)
        return None

    def bar(self, text: str, weak: Danger | None = None) -> float:
        """The classifier's threshold: far higher for text that context frames away, out of reach
        for a part that denies the danger itself (its other clauses are read on their own), and
        WEAK_BAR when a weak pattern matched outside any frame (the rule layer checked it)."""
        found = frames(text)  # read once: is_framed(text) would read them again
        if Frame.DENIAL in found or Frame.HYPERBOLE in found:  # "she'll kill me for booking it 😂"
            return float("inf")
        if weak:
            return WEAK_BAR
        if says_farewell_for_a_reason(text) or asks_about_coming_off_a_medicine(text):
            return FRAMED_BAR  # "my last session before I go travelling", "can I stop my sertraline?"
        return FRAMED_BAR if found and not says_now(text) else self.classifier.threshold


def _key(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


# Clauses for the learned layer, which was trained on whole messages: not every comma.
_CLAUSE_BREAK = re.compile(r"[.?!;\n]+|,\s*(?:and|but|also|so|i|i'm|im)\b|\b(?:also|but)\b")


def clause_spans(text: str, limit: int = 6) -> list[tuple[int, int]]:
    """Where the message's clauses are (two words or more): danger hidden in a question must not
    be averaged away by the rest of the message. None for a message of one clause."""
    spans, start = [], 0
    for stop in [*(m.start() for m in _CLAUSE_BREAK.finditer(text)), len(text)]:
        piece = text[start:stop]
        if len(piece.split()) >= 2:
            offset = len(piece) - len(piece.lstrip())
            spans.append((start + offset, start + offset + len(piece.strip())))
        match = _CLAUSE_BREAK.match(text, stop)
        start = match.end() if match else stop
    return spans[:limit] if len(spans) > 1 else []


def rule_danger(message: str, context: Context | None = None, weak: bool = False) -> Danger | None:
    """The rule layer: a pattern that matches, in a clause that context does not frame away
    (`weak`: the weak patterns, which need the learned layer's support)."""
    context = context or Context(message)
    for kind, patterns in (_WEAK_COMPILED if weak else _COMPILED).items():
        for pattern in patterns:
            for count, match in enumerate(pattern.finditer(message)):
                if count >= MAX_MATCHES_READ:
                    break  # a message repeating one phrase: its first matches decide
                if not context.framed_away(match.start(), match.end()):
                    return kind
    return None


def rule_danger_across(previous_texts: tuple[str, ...], message: str, weak: bool = False) -> Danger | None:
    """A rule that matches only across the last turns and this one ("banged my head" … "now I've
    been sick three times"): the danger emerges from this message, with what came before."""
    if not previous_texts:
        return None
    joined = window([*previous_texts[-2:], message])
    now_starts = len(joined) - len(message)
    context = Context(joined)
    for kind, patterns in (_WEAK_COMPILED if weak else _COMPILED).items():
        for pattern in patterns:
            for match in _matches_starting_before(pattern, joined, max(0, now_starts - 200), now_starts):
                straddles = now_starts < match.end()
                if straddles and not context.framed_away(match.start(), match.end()):
                    return kind
    return None


MAX_PHRASE_CHARS = 300


def _matches_starting_before(pattern: re.Pattern[str], text: str, start: int, stop: int) -> Iterator[re.Match[str]]:
    """The matches `pattern.finditer(text, start)` finds that start before `stop`, without
    reading the rest of the message (on every turn, for every pattern): a rule matches a phrase,
    so reading MAX_PHRASE_CHARS past `stop` finds every match that straddles it."""
    for match in pattern.finditer(text, start, stop + MAX_PHRASE_CHARS):
        if match.start() >= stop:
            return
        yield match


def screen(
    text: str,
    previous_texts: tuple[str, ...] = (),
    learned: LearnedScreen | None = None,
) -> Screening | None:
    """Danger in this message (or in it together with the last few), else None. A screening that
    is not urgent means care: no emergency, but a line of support with the answer."""
    message = _normalise(text)
    cleared = _NOT_DANGER_RE.sub(" ", message)
    recent = tuple(_normalise(t) for t in previous_texts)
    context = Context(cleared)
    kind = rule_danger(cleared, context) or rule_danger_across(recent, cleared)
    if kind:  # the floor: no model can lower what the rules find
        return Screening(kind, Signal.PATTERN)
    weak = rule_danger(cleared, context, weak=True) or rule_danger_across(recent, cleared, weak=True)
    if weak and learned is None:  # the rules alone: every pattern decides
        return Screening(weak, Signal.PATTERN)
    # The learned layer reads the message as written: it learned idioms and denials itself.
    learned_says = learned.read(message, recent, weak) if learned is not None and cleared.strip() else None
    if learned_says and learned_says.urgent:
        return learned_says
    distress_before = any(_DISTRESS.search(_normalise(t)) for t in previous_texts)
    weak_words = _WEAK.search(cleared)
    # Distress beside the weak words, not the same words read twice ("no way out of this traffic jam").
    if weak_words and (_DISTRESS.search(_WEAK.sub(" ", cleared)) or distress_before):
        return Screening(SUICIDE, Signal.CONTEXT)
    if learned_says:
        return learned_says
    if _DISTRESS.search(cleared):
        return Screening(SUICIDE, Signal.CONTEXT, urgent=False)
    return None
