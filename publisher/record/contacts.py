"""The contact block: who the media may call, department by department.

A Korean release ends with a table per department: 담당 부서 (the
department), 책임자 (its director) and 담당자 (the officer), each with their
title and phone.  A department is an organisation fact (named in every
language); each role names a person fact and gives their phone once, with its
country code, to be written per language (phones.py)::

    contacts:
      - department: cooperation_division
        director: {person: park, phone: +82 44 205 2410}
        officer: {person: lee, phone: +82 44 205 2415, email: lee@korea.kr}

The form of earlier records, a unit named in the contact with one person
(``{unit: {ko: …, en: …}, person: lee, phone: …, email: …}``), still loads: its
person is the department's officer.
"""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import AfterValidator, BeforeValidator, Field, ValidationInfo, model_validator

from .fields import EMAIL_PATTERN, Model, Names, OrganisationRef, PersonRef

#: The roles of the people of a department, in the order the table lists them.
ROLES = ('director', 'officer')

Email = Annotated[str, Field(pattern=EMAIL_PATTERN)]


def _check_phone(text: str, info: ValidationInfo) -> str:
    """A phone number as dialled from anywhere (E.164: ``+82442050000``), from the number as written.

    A number without its country code is read as a number of the issuer's
    country, when the record says which it is.
    """
    import phonenumbers

    example = 'such as +82 44 205 0000'
    country = (info.context or {}).get('country')
    if not text.lstrip().startswith('+') and not country:
        raise ValueError(f"'{text}' needs its country code, {example}")
    try:
        number = phonenumbers.parse(text, None if text.lstrip().startswith('+') else country)
    except phonenumbers.NumberParseException:
        raise ValueError(f"'{text}' is not a phone number; write it with its country code, {example}") from None
    if not phonenumbers.is_valid_number(number):
        raise ValueError(f"'{text}' is not a phone number in use (too short, too long, or no such area code); "
                         f'write it with its country code, {example}')
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


Phone = Annotated[str, AfterValidator(_check_phone)]


class Reachable(Model):
    """One person of a department, by reference, with how to reach them."""

    person: PersonRef
    phone: Phone | None = None
    email: Email | None = None

    @model_validator(mode='before')
    @classmethod
    def _names_a_person(cls, value):
        if isinstance(value, dict) and 'person' not in value:
            raise ValueError('names no person: give person: (someone declared under people), with their phone')
        return value


def _one_or_more(value):
    return [value] if isinstance(value, dict) else value


class Contact(Model):
    """A department the media may call, with its director (책임자) and officers (담당자)."""

    department: OrganisationRef | None = None
    #: The department named here instead, as earlier records did.
    unit: Names | None = None
    director: Reachable | None = None
    officer: Annotated[list[Reachable], BeforeValidator(_one_or_more, json_schema_input_type=Union[
        Reachable, list[Reachable]])] = []
    #: Earlier records' one person: the department's officer.
    person: PersonRef | None = None
    #: The phone and e-mail of ``person``, or, without one, of the department itself.
    phone: Phone | None = None
    email: Email | None = None

    @model_validator(mode='after')
    def _names_one_department(self):
        if (self.department is None) == (self.unit is None):
            raise ValueError('give department (an organisation declared under organisations), or unit (its name '
                             'in each language), once')
        if self.person and (self.director or self.officer):
            raise ValueError('person is the officer of a contact written without roles: give officer: '
                             '{person: …} beside director instead')
        return self

    def people(self) -> list[tuple[Literal['director', 'officer'], Reachable]]:
        """Each person to call with their role, the director first."""
        people = [('director', self.director)] if self.director else []
        people += [('officer', officer) for officer in self.officer]
        if self.person:
            people.append(('officer', Reachable.model_construct(person=self.person, phone=self.phone, email=self.email)))
        return people

    @property
    def own_phone(self) -> str | None:
        """The department's own phone: the one given without a person."""
        return None if self.person else self.phone

    @property
    def own_email(self) -> str | None:
        return None if self.person else self.email
