"""The Angers Loire Métropole reference territory, as the seed document describes it.

Mission titles and budgets, the seven street-lighting renovation actions and the two dated
notes of mission 03 come from the seed document; districts, people, dates and the inventory
mixture are a realistic synthetic stand-in, kept deterministic. ``docs/angers.md`` says which is
which.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

TERRITORY = ("angers", "Angers Loire Métropole", "Europe/Paris", 47.4712, -0.5518)
POLICY = (
    "TI",
    "Territoire Intelligent",
    "Un territoire plus sobre, plus sûr et mieux servi grâce au pilotage par la donnée.",
)
PROGRAMME_YEARS = range(2020, 2032)  # the 12-year global performance contract (award: Nov 2019)
POLICY_TOTAL_EUR = Decimal(93595633)
# Heating degree-days (base 18 °C, "météo" convention) of the territory's climate as the demo
# simulates it (simulator/sky.py, seed 49007: its buildings heat by that weather), so that the
# décret-tertiaire figures of the demo are normalised with the climate its buildings saw. The
# normal is the 2001-2020 mean, the months its monthly means (January first); each reference
# year has its own. A real deployment enters its reference station's normals (Météo-France) and
# each building's reference-year degree-days (OPERAT). docs/angers.md.
NORMAL_HEATING_DJU = 2198.2
NORMAL_HEATING_DJU_MONTHS = (
    399.7, 338.6, 289.4, 169.2, 70.8, 16.2, 7.1, 17.2, 66.6, 172.6, 279.9, 370.8,
)  # fmt: skip
REFERENCE_YEAR_DJU = {
    2010: 2196.5, 2011: 2199.4, 2012: 2205.4, 2013: 2193.7, 2014: 2192.3,
    2015: 2189.6, 2016: 2210.6, 2017: 2196.7, 2018: 2194.3, 2019: 2199.4, 2020: 2205.9,
}  # fmt: skip


@dataclass(frozen=True)
class District:
    """A district (quartier) or, for smaller communes, the commune as a whole."""

    code: str
    name: str
    commune: str
    latitude: float
    longitude: float
    light_points: int
    lit_street_km: float


@dataclass(frozen=True)
class Mission:
    """A mission of the policy with the total budget the seed gives (None where it shows '-')."""

    code: str
    title: str
    domain: str
    budget_eur: Decimal | None
    committed_eur: Decimal | None


@dataclass(frozen=True)
class Renovation:
    """A street-lighting renovation action of mission 03 and the districts it treats."""

    code: str
    title: str
    districts: tuple[str, ...]
    start: date
    end: date
    done: bool


COMMUNES = (
    ("49007", "Angers"),
    ("49015", "Avrillé"),
    ("49020", "Beaucouzé"),
    ("49035", "Bouchemaine"),
    ("49129", "Écouflant"),
    ("49214", "Montreuil-Juigné"),
    ("49223", "Mûrs-Érigné"),
    ("49246", "Les Ponts-de-Cé"),
    ("49267", "Saint-Barthélemy-d'Anjou"),
    ("49278", "Sainte-Gemmes-sur-Loire"),
    ("49353", "Trélazé"),
    ("49048", "Briollay"),
)

DISTRICTS = (
    District("ANG-CLE", "Centre-ville - Lafayette - Eblé", "Angers", 47.4698, -0.5530, 4600, 62),
    District("ANG-ROS", "La Roseraie", "Angers", 47.4490, -0.5470, 3000, 41),
    District("ANG-DSN", "Doutre - Saint-Jacques - Nazareth", "Angers", 47.4760, -0.5680, 3300, 45),
    District("ANG-LDM", "Lac de Maine", "Angers", 47.4560, -0.5900, 2300, 33),
    District(
        "ANG-JML", "Justice - Madeleine - Saint-Léonard", "Angers", 47.4590, -0.5300, 3100, 48
    ),
    District("ANG-BBE", "Belle-Beille", "Angers", 47.4780, -0.6010, 2700, 36),
    District("ANG-MPL", "Monplaisir", "Angers", 47.4930, -0.5380, 2300, 28),
    District(
        "ANG-DXB", "Deux-Croix - Banchais - Grand-Pigeon", "Angers", 47.4790, -0.5200, 2200, 33
    ),
    District("ANG-HSA", "Hauts-de-Saint-Aubin", "Angers", 47.4990, -0.5650, 2500, 34),
    District("ANG-SNC", "Saint-Serge - Ney - Chalouère", "Angers", 47.4830, -0.5450, 1900, 27),
    District("AVR", "Avrillé", "Avrillé", 47.5060, -0.5890, 3800, 70),
    District("BCZ", "Beaucouzé", "Beaucouzé", 47.4740, -0.6330, 1800, 38),
    District("BCH", "Bouchemaine", "Bouchemaine", 47.4210, -0.6090, 1600, 44),
    District("ECF", "Écouflant", "Écouflant", 47.5310, -0.5280, 1000, 27),
    District("MTJ", "Montreuil-Juigné", "Montreuil-Juigné", 47.5380, -0.6140, 2100, 42),
    District("MER", "Mûrs-Érigné", "Mûrs-Érigné", 47.4000, -0.5500, 1100, 31),
    District("PDC", "Les Ponts-de-Cé", "Les Ponts-de-Cé", 47.4240, -0.5250, 3200, 61),
    District(
        "SBA", "Saint-Barthélemy-d'Anjou", "Saint-Barthélemy-d'Anjou", 47.4670, -0.4950, 2500, 49
    ),
    District(
        "SGL", "Sainte-Gemmes-sur-Loire", "Sainte-Gemmes-sur-Loire", 47.4230, -0.5570, 900, 24
    ),
    District("TRZ", "Trélazé", "Trélazé", 47.4450, -0.4660, 3300, 58),
    District("BRI", "Briollay", "Briollay", 47.5650, -0.5060, 500, 16),
)

MISSIONS = (
    Mission(
        "01",
        "Socle SI du Territoire Intelligent",
        "information_system",
        Decimal(9913140),
        Decimal(963169),
    ),
    Mission("02", "Centre de Pilotage", "operations_centre", None, None),
    Mission("03", "Eclairage public", "lighting", Decimal(73535414), None),
    Mission("04", "Bâtiments", "buildings", Decimal(5371388), Decimal(475379)),
    Mission("05", "Espaces verts", "green_spaces", Decimal(3090598), None),
    Mission("06", "Déchets", "waste", Decimal(102535), None),
)

RENOVATIONS = (
    Renovation(
        "03-PDC",
        "Rénovation de l'éclairage public Angers Les-Ponts-De-Cé",
        ("PDC",),
        date(2021, 3, 1),
        date(2021, 12, 15),
        done=True,
    ),
    Renovation(
        "03-MTJ",
        "Rénovation de l'éclairage public Angers Montreuil Juigné",
        ("MTJ",),
        date(2021, 9, 1),
        date(2022, 6, 30),
        done=True,
    ),
    Renovation(
        "03-CLE",
        "Rénovation de l'éclairage public Angers quartier Centre ville, Lafayette Eblé",
        ("ANG-CLE",),
        date(2022, 1, 10),
        date(2022, 11, 30),
        done=True,
    ),
    Renovation(
        "03-ROS",
        "Rénovation de l'éclairage public Angers quartier de la Roseraie",
        ("ANG-ROS",),
        date(2023, 2, 1),
        date(2023, 10, 31),
        done=True,
    ),
    Renovation(
        "03-DSN",
        "Rénovation de l'éclairage public Angers quartier Doutre - Saint-Jacques - Nazareth",
        ("ANG-DSN",),
        date(2024, 1, 15),
        date(2024, 9, 30),
        done=True,
    ),
    Renovation(
        "03-LDM",
        "Rénovation de l'éclairage public Angers quartier du Lac du Maine",
        ("ANG-LDM",),
        date(2025, 3, 1),
        date(2025, 11, 30),
        done=True,
    ),
    Renovation(
        "03-JML",
        "Rénovation de l'éclairage public Angers quartier Justice Madeleine st Léonard",
        ("ANG-JML",),
        date(2026, 2, 2),
        date(2026, 12, 18),
        done=False,
    ),
)

# Outside the named actions, the share of each district still on high-pressure sodium; the rest
# went to LED in the earlier programme (2016-2019). Together they make the ~8,000 sodium points
# the city expects to keep after the plan (recommendation of 04/12/2023).
SODIUM_SHARE = {
    "ANG-DXB": 0.7,
    "ANG-SNC": 0.7,
    "BCH": 0.8,
    "ECF": 0.85,
    "MER": 0.8,
    "SGL": 0.85,
    "BRI": 0.9,
    "ANG-BBE": 0.05,
    "ANG-HSA": 0.05,
    "AVR": 0.05,
    "TRZ": 0.05,
    "SBA": 0.05,
    "BCZ": 0.05,
    "ANG-MPL": 0.05,
}
METAL_HALIDE_SHARE = 0.03
# The inventory is an export as of this date: later renovation steps are not facts yet.
INVENTORY_DATE = date(2026, 10, 31)

NOTES = (
    (
        "recommendation",
        date(2023, 12, 4),
        (
            "Angers Loire Métropole conservera environ 8 000 lanternes de type lampe à "
            "décharge sodium après le plan de rénovation et les divers aménagements urbains. "
            "La production de ce type de lampe prend fin en 2027, il sera nécessaire à terme "
            "de prévoir une action pour changer de technologie sur les points lumineux "
            "restants en fonction de leur vétusté. Une solution de relamping LED ou un "
            "remplacement de lanterne peut être étudié."
        ),
    ),
    (
        "analysis",
        date(2024, 2, 2),
        (
            "Le plan de rénovation remplit les objectifs de réduction de consommation "
            "d'énergie avec une qualité d'éclairement conforme aux attendus. Les données de "
            "consommation sont en cours de consolidation. Les projections d'économie sont "
            "conformes aux attendus. Le pilotage à distance est fonctionnel."
        ),
    ),
)

PEOPLE = (
    ("Claire Moreau", "claire.moreau@alm.example.org", "Direction du numérique"),
    ("Julien Bernard", "julien.bernard@alm.example.org", "Centre de pilotage"),
    ("Sophie Lefèvre", "sophie.lefevre@alm.example.org", "Éclairage public"),
    ("Thomas Girard", "thomas.girard@alm.example.org", "Bâtiments"),
    ("Nadia Haddad", "nadia.haddad@alm.example.org", "Parcs et jardins"),
    ("Marc Rousseau", "marc.rousseau@alm.example.org", "Déchets"),
    ("Élodie Fontaine", "elodie.fontaine@alm.example.org", "Éclairage public"),
    ("Karim Benali", "karim.benali@alm.example.org", "Éclairage public"),
    ("Laure Chevalier", "laure.chevalier@alm.example.org", "Éclairage public"),
)
MISSION_LEADS = {"01": 0, "02": 1, "03": 2, "04": 3, "05": 4, "06": 5}
# Who receives the alerts of an asset that no action covers: the street-lighting department for
# its assets and the fleet, the buildings department for buildings and meters.
DEPARTMENT_RECIPIENTS = {
    "light_point": 2,
    "cabinet": 2,
    "district": 2,
    "fleet": 2,
    "building": 3,
    "meter": 3,
}
RENOVATION_PILOTS = (6, 7, 8, 6, 7, 8, 6)
