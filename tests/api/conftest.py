import datetime

import pytest

from agreements.models import Agreement
from agreements.models.agreement import oslo_today
from tests.factories import (
    AgreementFactory,
    CompanyFactory,
    CountyFactory,
    MunicipalityFactory,
    ProgrammeAreaFactory,
    SchoolFactory,
    TradeFactory,
)


@pytest.fixture
def api_world(db):
    """Agreements in every state, in Nordland (18) and Trøndelag (50)."""
    today = oslo_today()
    trondheim = MunicipalityFactory(
        number="5001", name="Trondheim", county=CountyFactory(number="50", name="Trøndelag")
    )
    school = SchoolFactory(name="Strinda videregående skole", municipality=trondheim)
    company = CompanyFactory(name="Grytåga Fisk AS", municipality=trondheim)
    area, trade = ProgrammeAreaFactory(), TradeFactory()
    company.approved_trades.add(trade)
    school.programme_areas.add(area)

    def make(title, status=Agreement.Status.PUBLISHED, **kwargs):
        return AgreementFactory(
            title=title,
            status=status,
            schools=[school],
            partners=[company],
            programme_areas=[area],
            trades=[trade],
            contact_persons="Kari Kontakt, 99999999",
            **kwargs,
        )

    world = type("World", (), {})()
    world.school, world.company, world.area, world.trade = school, company, area, trade
    world.public = make("Offentlig avtale")
    world.upcoming = make(
        "Kommende avtale",
        valid_from=today + datetime.timedelta(days=10),
        valid_to=today + datetime.timedelta(days=400),
    )
    world.draft = make("Utkast", Agreement.Status.DRAFT)
    world.submitted = make("Til godkjenning", Agreement.Status.SUBMITTED)
    world.withdrawn = make("Trukket", Agreement.Status.WITHDRAWN)
    world.expired = make(
        "Utløpt",
        valid_from=today - datetime.timedelta(days=400),
        valid_to=today - datetime.timedelta(days=1),
    )
    world.nordland = AgreementFactory(title="Nordlandsavtale", status=Agreement.Status.DRAFT)
    return world
