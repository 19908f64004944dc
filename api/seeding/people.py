"""Persons: Chinese names, districts, birth dates and resident IDs kept hashed and encrypted."""

from __future__ import annotations

import hashlib
import os
import random
from bisect import bisect
from datetime import UTC, date, datetime
from itertools import accumulate

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from api.crypto import Keys, blind_index, decrypt_identifier
from api.domain.identifiers import make_resident_id, mask_resident_id
from api.domain.subjects.model import SubjectKind
from api.seeding import vocabulary as vocab
from api.seeding.batch import EPOCH_ORDINAL, US_PER_DAY, Batch, wire_time
from api.seeding.plan import SEQUENCE_SLOTS, Chunk, Plan
from api.seeding.records import RecordMaker

#: Associated data of resident ID ciphertexts (``api.crypto.encrypt_identifier``'s default).
_ASSOCIATED = b"resident-id"
_PROBE = "330502199001011234"
MIGRANT_SHARE = 0.12
PLATFORM_START = datetime(2019, 1, 1, tzinfo=UTC)
#: Records of a person start at 16.
ADULT_DAYS = 16 * 365 + 4

# GB 11643-1999 MOD 11-2, as in api.domain.identifiers (checked against it per chunk).
_WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))
_CHECK = "10X98765432"


class IdentifierSealer:
    """``api.crypto``'s blind index and AES-GCM encryption, with the keys set up once.

    The same constructions as ``blind_index`` and ``encrypt_identifier`` (checked against
    them on creation), minus a key schedule and a system call per identifier.
    """

    def __init__(self, keys: Keys) -> None:
        # HMAC-SHA256 (RFC 2104) with the padded key's inner and outer states computed once.
        padded = keys.identifier_index.ljust(64, b"\0")
        self._inner = hashlib.sha256(bytes(b ^ 0x36 for b in padded))
        self._outer = hashlib.sha256(bytes(b ^ 0x5C for b in padded))
        self._aead = AESGCM(keys.identifier_encryption)
        #: The data-key version the ciphertexts are made under (stored beside each).
        self.key_version = keys.identifier_key_version
        if len(keys.identifier_index) > 64 or self.blind_index(_PROBE) != blind_index(
            keys.identifier_index, _PROBE
        ):
            raise RuntimeError("the seeding blind index differs from api.crypto.blind_index")
        sealed = self.encrypt_many([_PROBE])[0]
        if decrypt_identifier(keys.identifier_encryption, sealed) != _PROBE:
            raise RuntimeError("seeding ciphertexts do not open with api.crypto")

    def blind_index(self, value: str) -> bytes:
        """HMAC-SHA256 of the identifier under the blind-index key."""
        inner = self._inner.copy()
        inner.update(value.encode())
        outer = self._outer.copy()
        outer.update(inner.digest())
        return outer.digest()

    def encrypt_many(self, values: list[str]) -> list[bytes]:
        """AES-GCM ciphertexts (12-byte random nonce first) of the identifiers."""
        nonces = os.urandom(12 * len(values))
        encrypt = self._aead.encrypt
        out = []
        for i, value in enumerate(values):
            nonce = nonces[12 * i : 12 * i + 12]
            out.append(nonce + encrypt(nonce, value.encode(), _ASSOCIATED))
        return out


def _weighted_sum(text: str, first: int) -> int:
    return sum(int(c) * w for c, w in zip(text, _WEIGHTS[first : first + len(text)], strict=True))


class ResidentIds:
    """Builds resident IDs fast: texts and check sums of region and birth date are cached."""

    def __init__(self) -> None:
        self._prefixes: dict[tuple[str, int], tuple[str, int]] = {}
        self._sequence_texts = [f"{n:03d}" for n in range(1000)]
        self._sequence_sums = [_weighted_sum(text, 14) for text in self._sequence_texts]

    def make(self, region: str, ordinal: int, sequence: int) -> str:
        """The resident ID of a region, a birth date (as an ordinal) and a sequence number."""
        cached = self._prefixes.get((region, ordinal))
        if cached is None:
            prefix = f"{region}{date.fromordinal(ordinal):%Y%m%d}"
            cached = self._prefixes[region, ordinal] = (prefix, _weighted_sum(prefix, 0))
        total = cached[1] + self._sequence_sums[sequence]
        return cached[0] + self._sequence_texts[sequence] + _CHECK[total % 11]


class BirthDates:
    """Birth dates 1940-2008 shaped by ``vocabulary.BIRTH_YEAR_WEIGHTS``."""

    def __init__(self) -> None:
        self.years: list[tuple[int, int]] = []  # (first ordinal, days)
        weights: list[float] = []
        for first, last, weight in vocab.BIRTH_YEAR_WEIGHTS:
            for year in range(first, last + 1):
                start = date(year, 1, 1).toordinal()
                self.years.append((start, date(year + 1, 1, 1).toordinal() - start))
                weights.append(weight)
        self.cum = list(accumulate(weights))

    def draw(self, rng: random.Random) -> int:
        """A birth date as a proleptic ordinal."""
        start, days = self.years[bisect(self.cum, rng.random() * self.cum[-1])]
        return start + int(rng.random() * days)


class Names:
    """Surname and one- or two-character given name, by sex."""

    def __init__(self) -> None:
        self.surnames = [s for s, _ in vocab.SURNAMES]
        self.cum = list(accumulate(w for _, w in vocab.SURNAMES))

    def surname(self, rng: random.Random) -> str:
        """A surname drawn by frequency."""
        return self.surnames[bisect(self.cum, rng.random() * self.cum[-1])]

    def draw(self, rng: random.Random, male: bool) -> str:
        """A full name."""
        chars = vocab.MALE_GIVEN if male else vocab.FEMALE_GIVEN
        n = len(chars)
        given = chars[int(rng.random() * n)]
        if rng.random() < 0.75:
            given += chars[int(rng.random() * n)]
        return self.surname(rng) + given


def _free_slot(
    rng: random.Random,
    births: BirthDates,
    slots: list[int],
    used: set[tuple[str, int, int]],
    region: str,
    male: bool,
) -> tuple[int, int]:
    """A birth date and a sequence number not yet taken in this region on that date.

    Each person chunk owns its own sequence slots, so chunks never collide with each other.
    """
    n = len(slots)
    while True:
        birth = births.draw(rng)
        offset = int(rng.random() * n)
        for k in range(n):
            sequence = slots[(offset + k) % n] * 2 + male
            if (region, birth, sequence) not in used:
                used.add((region, birth, sequence))
                return birth, sequence


def person_batch(
    plan: Plan,
    chunk: Chunk,
    maker: RecordMaker,
    sealer: IdentifierSealer,
    ids: ResidentIds,
) -> Batch:
    """Generate a chunk of persons with their subjects and records."""
    rng = plan.stream("persons", chunk.number)
    batch = Batch(SubjectKind.PERSON, chunk.number)
    subjects, records = batch.table("subjects"), batch.table("credit_records")
    names, births = Names(), BirthDates()
    slots = list(range(chunk.number, SEQUENCE_SLOTS, plan.person_chunk_count()))
    used: set[tuple[str, int, int]] = set()
    block_ends = [first + count for _, first, count in plan.person_blocks]
    districts = [district.value for district, _, _ in plan.person_blocks]
    migrants = vocab.MIGRANT_REGIONS
    end = plan.day_start()
    created_span = end - wire_time(PLATFORM_START)
    first_id = plan.first_ids[SubjectKind.PERSON]
    kind, heavy = SubjectKind.PERSON.value, plan.heavy_persons
    pending: list[tuple[int, str, str, str]] = []
    for local in range(chunk.start, chunk.start + chunk.count):
        district = districts[bisect(block_ends, local)]
        if rng.random() < MIGRANT_SHARE:
            region = migrants[int(rng.random() * len(migrants))]
        else:
            region = district
        male = rng.random() < 0.5
        birth, sequence = _free_slot(rng, births, slots, used, region, male)
        resident_id = ids.make(region, birth, sequence)
        subject_id = first_id + local
        created = end - int(rng.random() * created_span)
        subjects.append((subject_id, kind, created))
        pending.append((subject_id, names.draw(rng, male), district, resident_id))
        count = maker.count(rng, SubjectKind.PERSON, heavy=local in heavy)
        if count:
            adult = (birth + ADULT_DAYS - EPOCH_ORDINAL) * US_PER_DAY
            maker.make(rng, records, subject_id, SubjectKind.PERSON, count, earliest=adult)
            batch.samples.setdefault("resident_id", resident_id)
    if pending:
        _check_resident_id(pending[0][3])
    sealed = sealer.encrypt_many([p[3] for p in pending])
    version = sealer.key_version
    batch.rows["persons"] = [
        (subject_id, name, district, sealer.blind_index(rid), mask_resident_id(rid), blob, version)
        for (subject_id, name, district, rid), blob in zip(pending, sealed, strict=True)
    ]
    return batch


def _check_resident_id(resident_id: str) -> None:
    """Raise if the fast builder disagrees with ``api.domain.identifiers.make_resident_id``."""
    born = date(int(resident_id[6:10]), int(resident_id[10:12]), int(resident_id[12:14]))
    if make_resident_id(resident_id[:6], born, int(resident_id[14:17])) != resident_id:
        raise RuntimeError("the seeding resident ID builder differs from make_resident_id")
