"""The NLU's tokenizer, reading the head of a message only. The NLU gives hints (small talk, a
topic); bot/ reads the whole message itself (the crisis screen all of it). So a 100,000-character
paste costs the Rasa server what a long question costs, instead of holding its event loop (and
every other conversation) while it counts character n-grams."""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.message import Message

NLU_READS_CHARS = 2_000  # the assistant's own reading stops at 1,000 (bot/conversation)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class LeadingTextTokenizer(WhitespaceTokenizer):
    def tokenize(self, message: Message, attribute: str) -> list[Token]:
        text: Any = message.get(attribute)
        if isinstance(text, str) and len(text) > NLU_READS_CHARS:
            message = Message(data={attribute: text[:NLU_READS_CHARS]})
        return super().tokenize(message, attribute)
