"""What the example minutes (Council document 12582/16) say, as the tests expect it."""

from __future__ import annotations

__all__ = ["CITED", "ITEMS"]

#: every Council document number the minutes cite, as written, in reading order
CITED = [
    "CM 3821/16",
    "12159/16",
    "12164/16",
    "CM 3817/16",
    "5300/1/16 REV 1",
    "11001/1/16 REV 1",
    "11495/1/16 REV 1",
    "12307/16",
    "5109/2/1 REV 2",
]

ITEMS = [
    (1, "Adoption of the agenda"),
    (2, "Information from the Presidency"),
    (3, "Coordination Mechanism for Joint Customs Operations - update"),
    (4, "Joint Customs Operations and other operations"),
    (
        5,
        "Cigarettes smuggling: outcome of the Conference of the Task Group Cigarettes (Riga, June 2016)",
    ),
    (
        6,
        "Fight against terrorism from customs perspective, common analytical and enforcement centres",
    ),
    (7, "AOB"),
]
