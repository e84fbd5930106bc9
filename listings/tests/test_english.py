"""English wording of the listing page: an auction "Ends" (not "To", another app's 截止), amounts
in "10k yuan" (DESIGN.md's 万元), half-width colons after translated labels."""

import pytest

pytestmark = pytest.mark.django_db


def test_auction_page_in_english(client, auction, bidders):
    client.cookies["django_language"] = "en"
    client.force_login(bidders[0][1])
    page = client.get(auction.listing.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert ">Ends<" in page and ">To<" not in page
    assert "：" not in page.split("<main", 1)[1].split("</main>", 1)[0]
