"""News outlets known by their web address: a host names its outlet.

A URL in an article (front matter, a saved page, a link in the text) says where it was
published. The table below holds widely read news sites; ``config.yaml`` adds more under
``outlets:`` (``host: Name``). A host not in the table gives no outlet: nothing is guessed
from an unknown address.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import urlsplit

NEWS_HOSTS: dict[str, str] = {
    # Wires and international broadcasters
    "reuters.com": "Reuters",
    "apnews.com": "AP",
    "afp.com": "AFP",
    "bbc.com": "BBC",
    "bbc.co.uk": "BBC",
    "cnn.com": "CNN",
    "aljazeera.com": "Al Jazeera",
    "dw.com": "DW",
    "france24.com": "France 24",
    "euronews.com": "Euronews",
    "rferl.org": "RFE/RL",
    "voanews.com": "Voice of America",
    "npr.org": "NPR",
    "bloomberg.com": "Bloomberg",
    # English-language newspapers and magazines
    "nytimes.com": "The New York Times",
    "washingtonpost.com": "The Washington Post",
    "wsj.com": "The Wall Street Journal",
    "ft.com": "Financial Times",
    "theguardian.com": "The Guardian",
    "theguardian.co.uk": "The Guardian",
    "telegraph.co.uk": "The Telegraph",
    "thetimes.co.uk": "The Times",
    "independent.co.uk": "The Independent",
    "economist.com": "The Economist",
    "politico.com": "Politico",
    "politico.eu": "Politico Europe",
    "axios.com": "Axios",
    "thehill.com": "The Hill",
    "usatoday.com": "USA Today",
    "latimes.com": "Los Angeles Times",
    "time.com": "Time",
    "newsweek.com": "Newsweek",
    "foxnews.com": "Fox News",
    "nbcnews.com": "NBC News",
    "cbsnews.com": "CBS News",
    "abcnews.go.com": "ABC News",
    "cnbc.com": "CNBC",
    "skynews.com": "Sky News",
    "news.sky.com": "Sky News",
    "theatlantic.com": "The Atlantic",
    "lemonde.fr": "Le Monde",
    "spiegel.de": "Der Spiegel",
    "zeit.de": "Die Zeit",
    "faz.net": "FAZ",
    "tagesschau.de": "Tagesschau",
    "elpais.com": "El País",
    "corriere.it": "Corriere della Sera",
    "scmp.com": "South China Morning Post",
    "timesofindia.indiatimes.com": "The Times of India",
    "hindustantimes.com": "Hindustan Times",
    "thehindu.com": "The Hindu",
    "japantimes.co.jp": "The Japan Times",
    "abc.net.au": "ABC (Australia)",
    "cbc.ca": "CBC",
    "globeandmail.com": "The Globe and Mail",
    # Ukraine and Russia
    "kyivindependent.com": "The Kyiv Independent",
    "kyivpost.com": "Kyiv Post",
    "pravda.com.ua": "Ukrainska Pravda",
    "ukrinform.net": "Ukrinform",
    "ukrinform.ua": "Ukrinform",
    "unn.ua": "UNN",
    "unn.com.ua": "UNN",
    "interfax.com.ua": "Interfax-Ukraine",
    "suspilne.media": "Suspilne",
    "nv.ua": "NV",
    "rbc.ua": "RBC-Ukraine",
    "euromaidanpress.com": "Euromaidan Press",
    "meduza.io": "Meduza",
    "themoscowtimes.com": "The Moscow Times",
    "novayagazeta.eu": "Novaya Gazeta Europe",
    "tass.com": "TASS",
    "tass.ru": "TASS",
    "ria.ru": "RIA Novosti",
    "interfax.ru": "Interfax",
    "kommersant.ru": "Kommersant",
    "rt.com": "RT",
    "kremlin.ru": "Kremlin",
}

_EXTRA_HOSTS: dict[str, str] = {}  # config.yaml's ``outlets:``


def set_extra_hosts(hosts: Mapping[str, str]) -> None:
    """Use ``config.yaml``'s ``outlets:`` (host -> name) beside the shipped table."""
    _EXTRA_HOSTS.clear()
    _EXTRA_HOSTS.update(hosts)


def extra_hosts_key() -> str:
    """A short text that changes when the configured hosts change (indexes re-read the
    metadata then)."""
    return "|".join(f"{host}={name}" for host, name in sorted(_EXTRA_HOSTS.items()))


_URL = re.compile(r"\bhttps?://[^\s<>\"'()\[\]]+", re.I)


def host_of(url: str) -> str | None:
    """The host of ``url`` without ``www.``, lower case; ``None`` if it has none."""
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host.removeprefix("www.").removeprefix("m.").removeprefix("amp.")


def outlet_for_url(url: str, extra: Mapping[str, str] | None = None) -> str | None:
    """The outlet a URL belongs to, by its host or a parent domain, if the table knows it."""
    host = host_of(url)
    if host is None:
        return None
    table = {**NEWS_HOSTS, **_EXTRA_HOSTS, **(extra or {})}
    parts = host.split(".")
    for first in range(len(parts) - 1):
        name = table.get(".".join(parts[first:]))
        if name:
            return name
    return None


def known_outlet(name: str) -> str | None:
    """The table's spelling of an outlet written in the text ("THE GUARDIAN" -> "The
    Guardian"), or ``None`` when it is not a known outlet."""
    wanted = " ".join(name.casefold().split()).removeprefix("the ")
    return _BY_FOLDED_NAME.get(wanted)


_BY_FOLDED_NAME = {outlet.casefold().removeprefix("the "): outlet for outlet in NEWS_HOSTS.values()}


def word_set(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text`` (word lists kept readable in source)."""
    return frozenset(text.split())


OUTLET_NOUNS = word_set(
    """
    News Press Times Post Journal Herald Tribune Gazette Telegraph Independent Guardian
    Observer Chronicle Courier Dispatch Ledger Examiner Inquirer Sentinel Mirror Express
    Daily Weekly Magazine Online Radio Insider Wire Bulletin Pravda Gazeta Zeitung
    """
)
"""Words a news outlet's name ends with ("Harbour Ledger", "Coastal Daily News"); not
"Media" or "TV", which end the names of kinds of outlet ("Russian State Media")."""
NOT_NEWSROOMS = word_set("Kremlin")
"""Sources of the table that are not newsrooms: in running text their name is a
government's ("the Kremlin could not confirm"), never a site speaking of itself."""


def outlet_named(name: str, table_only: bool = False) -> str | None:
    """The newsroom ``name`` stands for: the table's spelling of a known outlet, else (unless
    ``table_only``) the name itself when it reads as a news outlet's (two words or more, the
    last one a word such as News, Press or Times); ``None`` for a place, a person or an
    office."""
    known = known_outlet(name)
    if known in NOT_NEWSROOMS:
        return None
    if known or table_only:
        return known
    words = name.split()
    rest = words[1:] if words and words[0].casefold() == "the" else words
    if len(rest) >= 2 and rest[-1] in OUTLET_NOUNS:
        return " ".join(words)
    return None


def urls_in(text: str) -> list[str]:
    """Every http(s) address written in ``text``, in order."""
    if "http" not in text.lower():  # most lines: no address at all
        return []
    return [match.group().rstrip(".,;:") for match in _URL.finditer(text)]
