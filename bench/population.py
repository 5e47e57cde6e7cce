"""How many people live where, for spreading the benchmark's organisations and schools over the
country (bench/spread.py).

A data table: the inhabitants of the largest municipalities, rounded to the thousand (Statistics
Norway's population figures, about 2025; approximate, since only the shape matters). Every other
municipality gets a small place's figure drawn from its number (`inhabitants`), so together
they come to about the country's 5.6 million.
"""

import math
import random

LARGEST = {
    "0301": 717_000,  # Oslo
    "4601": 291_000,  # Bergen
    "5001": 214_000,  # Trondheim
    "1103": 149_000,  # Stavanger
    "3201": 131_000,  # Bærum
    "4204": 117_000,  # Kristiansand
    "3301": 104_000,  # Drammen
    "3203": 98_000,  # Asker
    "3205": 93_000,  # Lillestrøm
    "3107": 85_000,  # Fredrikstad
    "1108": 84_000,  # Sandnes
    "5501": 79_000,  # Tromsø
    "3907": 66_000,  # Sandefjord
    "3207": 63_000,  # Nordre Follo
    "1508": 60_000,  # Ålesund
    "3105": 59_000,  # Sarpsborg
    "3905": 58_000,  # Tønsberg
    "4003": 56_000,  # Skien
    "1804": 54_000,  # Bodø
    "3103": 51_000,  # Moss
    "3909": 48_000,  # Larvik
    "3222": 48_000,  # Lørenskog
    "4203": 46_000,  # Arendal
    "3118": 46_000,  # Indre Østfold
    "1149": 43_000,  # Karmøy
    "3209": 42_000,  # Ullensaker
    "4626": 40_000,  # Øygarden
    "1106": 38_000,  # Haugesund
    "4001": 37_000,  # Porsgrunn
    "3411": 35_000,  # Ringsaker
    "3403": 33_000,  # Hamar
    "1506": 32_000,  # Molde
    "3101": 32_000,  # Halden
    "4627": 30_000,  # Askøy
    "4631": 30_000,  # Alver
    "3405": 29_000,  # Lillehammer
    "3407": 31_000,  # Gjøvik
    "3305": 31_000,  # Ringerike
    "3303": 28_000,  # Kongsberg
    "1124": 28_000,  # Sola
    "3312": 28_000,  # Lier
    "3240": 27_000,  # Eidsvoll
    "3911": 27_000,  # Færder
    "3901": 27_000,  # Horten
    "3903": 26_000,  # Holmestrand
    "1833": 26_000,  # Rana
    "4624": 26_000,  # Bjørnafjorden
    "5035": 25_000,  # Stjørdal
    "5503": 25_000,  # Harstad
    "5006": 24_000,  # Steinkjer
    "3232": 25_000,  # Nittedal
    "1505": 24_000,  # Kristiansund
    "3420": 21_000,  # Elverum
    "1806": 22_000,  # Narvik
    "5601": 21_000,  # Alta
    "3218": 22_000,  # Ås
    "1121": 20_000,  # Time
    "5037": 20_000,  # Levanger
    "3216": 19_000,  # Vestby
    "4647": 23_000,  # Sunnfjord
    "4602": 18_000,  # Kinn
    "3446": 13_000,  # Gran
    "5007": 15_000,  # Namsos
    "5603": 11_000,  # Hammerfest
    "5605": 10_000,  # Sør-Varanger
    "5607": 6_000,  # Vadsø
}


def inhabitants(number: str) -> int:
    """About how many people live in the municipality with this number: its figure above, or
    for a smaller place one drawn from its number (log-normal around 4,500, under 18,000)."""
    if number in LARGEST:
        return LARGEST[number]
    draw = random.Random(number).gauss(math.log(4_500), 0.9)
    return max(200, min(18_000, round(math.exp(draw))))
