"""factory_boy factories shared by every app's tests (not shipped behaviour)."""

from datetime import date

from django.utils import timezone

import factory

from wijkverband.accounts.models import User
from wijkverband.consent.constants import ConsentScope
from wijkverband.consent.models import ConsentGrant
from wijkverband.neighbourhoods.models import District, Municipality, Neighbourhood
from wijkverband.organisations.constants import OrganisationKind, Role
from wijkverband.organisations.models import Membership, Organisation
from wijkverband.residents.constants import InvolvementRole
from wijkverband.residents.models import Involvement, Resident

PASSWORD = "Correct-horse-battery-42"


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("code",)

    code = "GM0828"
    name = "Oss"


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ("code",)

    code = "WK082806"
    name = "Ruwaard"
    municipality = factory.SubFactory(MunicipalityFactory)


class NeighbourhoodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Neighbourhood
        django_get_or_create = ("code",)

    code = "BU08280602"
    name = "Dichtersbuurt"
    district = factory.SubFactory(DistrictFactory)
    municipality = factory.SelfAttribute("district.municipality")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    kind = OrganisationKind.WELFARE
    municipality = factory.SubFactory(MunicipalityFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    display_name = factory.LazyAttribute(lambda o: o.username.capitalize())
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.PROFESSIONAL


class ResidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resident

    first_name = factory.Sequence(lambda n: f"Bewoner{n}")
    last_name = "Fictief"
    date_of_birth = date(1990, 1, 1)
    postcode = "5345 AB"
    house_number = factory.Sequence(lambda n: n + 1)
    city = "Oss"
    neighbourhood = factory.SubFactory(NeighbourhoodFactory)


class ConsentGrantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsentGrant

    resident = factory.SubFactory(ResidentFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    scope = ConsentScope.BASIC
    purpose = "Samenwerken aan het plan"
    given_on = factory.LazyFunction(timezone.localdate)


class InvolvementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Involvement

    resident = factory.SubFactory(ResidentFactory)
    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = InvolvementRole.PROFESSIONAL
