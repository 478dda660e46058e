"""Small builders shared by the tests."""
from __future__ import annotations

import textwrap
from pathlib import Path

from game.cli import main

GOOD_BANK = """\
id: sample
title: Sample bank
topic: Reply-all and distribution lists
version: 1
questions:
  - id: sample-001
    type: single
    difficulty: 1
    prompt: Who should you reply to when a list message is not for you?
    choices:
      a: Nobody; delete it
      b: Everyone on the list
    answer: a
    explanation: Replying to the list adds to the storm.
    source: FACTS.md section 1
  - id: sample-002
    type: multi
    difficulty: 2
    prompt: Which make a storm worse?
    choices:
      a: Reply-all asking to be removed
      b: Recalling the message
      c: Deleting the message
    answer: [a, b]
    explanation: Both send more mail to everyone.
  - id: sample-003
    type: true_false
    difficulty: 1
    prompt: NHSmail ran on Microsoft Exchange.
    answer: true
    explanation: The status page said so.
  - id: sample-004
    type: order
    difficulty: 3
    prompt: Put these in order.
    items:
      - First
      - Second
      - Third
    explanation: That is the order.
  - id: sample-005
    type: spot_the_phish
    difficulty: 2
    prompt: Pick the suspicious parts.
    email:
      from: "IT Desk <it@nhs-support.example>"
      to: "you@nhs.net"
      subject: Your mailbox is full
      body: Click below within 24 hours or lose your mail.
      links:
        - text: Keep my mail
          url: "http://nhs-support.example/login"
    parts:
      a: "it@nhs-support.example"
      b: "you@nhs.net"
      c: "within 24 hours"
      d: "http://nhs-support.example/login"
    answer: [a, c, d]
    explanation: A strange domain, a deadline and a login link.
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err
