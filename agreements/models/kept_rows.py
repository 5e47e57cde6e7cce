"""What is kept from the agreements on rows of its own, for the pages that count over the whole
country: the programmes each agreement covers (ProgrammeCoverage, coverage.py), the last day
each organisation is party to a public agreement (Organisation.public_until, public_until.py)
and each party's agreement's status and dates, and each agreement's areas with its county
(PartyState, PartyCoverage and AreaState, party_state.py).

Each module's receivers keep its rows right on the model signals. A write that passes the
signals (a bulk insert, an update() of the status or dates) calls agreements_written() once,
for all; a write of organisations past them (a register import) calls organisations_written().
"""

from agreements.models.coverage import ProgrammeCoverage
from agreements.models.party_state import organisations_written, refresh_party_rows
from agreements.models.public_until import parties_written


def agreements_written(agreement_ids=None) -> None:
    """After a write of these agreements (every agreement with None), their parties and their
    links, past the signals."""
    if agreement_ids is not None:
        agreement_ids = list(agreement_ids)
    ProgrammeCoverage.objects.refresh(agreement_ids)
    refresh_party_rows(agreement_ids)
    parties_written(agreement_ids)


__all__ = ["agreements_written", "organisations_written"]
