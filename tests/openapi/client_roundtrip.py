"""A client generated from Panah's OpenAPI document, used against the real server.

Starts `panah serve` on a free port over a scratch SQLite database, with one caseworker
created by `panah user create`, then signs in, registers a case and finds it again, all
through the generated client (`panah_client`, which must be importable). Every answer
is parsed by the client's models, so a response that the document describes wrongly
fails here.

    python client_roundtrip.py --panah target/debug/panah

The Rust test `crates/server/tests/openapi_client.rs` generates the client and runs this.
"""

import argparse
import datetime
import os
import signal
import subprocess
import sys
import tempfile

from panah_client import AuthenticatedClient, Client
from panah_client.api.auth import login
from panah_client.api.cases import create_case, get_case, list_cases
from panah_client.models import (
    CaseCategory,
    CaseFileView,
    CaseStatus,
    CaseView,
    Country,
    CreateCase,
    ExploitationType,
    LoginRequest,
    PageCaseSummaryView,
    PersonInput,
    Problem,
    Province,
    Sex,
    TokenResponse,
    TraffickingProfile,
)

USERNAME = "client.caseworker"
# Synthetic: never a real person's data in a test.
PASSWORD = "a generated client signs in"
GIVEN_NAME = "Zarghuna"


def panah(binary, folder, *args, **kwargs):
    """Runs `panah ARGS` in `folder`, with no PANAH__ setting from outside."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PANAH")}
    return subprocess.run(
        [binary, *args], cwd=folder, env=env, check=True, text=True, **kwargs
    )


def start_server(binary, folder):
    """Starts `panah serve` on a free port and returns it with its base URL."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PANAH")}
    server = subprocess.Popen(
        [binary, "serve", "--bind", "127.0.0.1:0"],
        cwd=folder,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    for line in server.stdout:
        if line.startswith("panah listening on "):
            return server, line.split()[3]
    server.kill()
    raise SystemExit("panah serve stopped before listening")


def check(condition, what):
    if not condition:
        raise AssertionError(what)


def roundtrip(base_url):
    anonymous = Client(base_url=base_url, raise_on_unexpected_status=True)
    tokens = login.sync(
        client=anonymous, body=LoginRequest(username=USERNAME, password=PASSWORD)
    )
    check(isinstance(tokens, TokenResponse), f"sign-in answered {tokens!r}")
    check(not tokens.password_change_required, "a new user must change the password")

    client = AuthenticatedClient(
        base_url=base_url, token=tokens.access_token, raise_on_unexpected_status=True
    )
    today = datetime.date.today()
    answer = create_case.sync_detailed(
        client=client,
        body=CreateCase(
            category=CaseCategory.PRESUMED_VICTIM,
            province=Province.AF_HER,
            identified_on=today,
            person=PersonInput(
                given_name=GIVEN_NAME, sex=Sex.FEMALE, citizenship=Country.AF
            ),
            trafficking=TraffickingProfile(
                exploitation_types=[ExploitationType.FORCED_LABOUR],
                countries_of_exploitation=[Country.IR],
                cross_border=True,
            ),
        ),
    )
    check(answer.status_code == 201, f"registering answered {answer.status_code}")
    case = answer.parsed
    check(isinstance(case, CaseView), f"registering answered {case!r}")
    check(case.status == CaseStatus.OPEN, f"status {case.status}")
    check(case.case_number.startswith("AF-HER-"), f"case number {case.case_number}")
    check(case.identified_on == today, f"identified on {case.identified_on}")
    check(case.person.given_name == GIVEN_NAME, "the person's given name")
    check(case.person.citizenship == Country.AF, "the person's citizenship")
    check(
        case.trafficking.exploitation_types == [ExploitationType.FORCED_LABOUR],
        f"exploitation types {case.trafficking.exploitation_types}",
    )
    check(case.trafficking.countries_of_exploitation == [Country.IR], "countries")
    check(case.created_at.tzinfo is not None, "timestamps carry their zone")

    page = list_cases.sync(client=client, province=Province.AF_HER, limit=10)
    check(isinstance(page, PageCaseSummaryView), f"listing answered {page!r}")
    listed = [item for item in page.items if item.id == case.id]
    check(len(listed) == 1, f"the case is listed once: {page.items}")
    summary = listed[0]
    check(summary.case_number == case.case_number, "the listed case number")
    check(summary.sex == Sex.FEMALE, "the listed sex")
    check(summary.created_at == case.created_at, "the listed registration time")
    check(page.next_cursor is None, "one page")

    read = get_case.sync(client=client, id=case.id)
    check(isinstance(read, CaseFileView), f"reading answered {read!r}")
    check(read.updated_at == case.updated_at, "the read keeps the time of the change")
    check(read.referrals == [] and read.returns == [], "no referral or return yet")

    stranger = AuthenticatedClient(base_url=base_url, token="not-a-token")
    refused = list_cases.sync(client=stranger)
    check(isinstance(refused, Problem), f"without a valid token: {refused!r}")
    check(refused.code == "unauthorized", f"code {refused.code}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--panah", required=True, help="the panah binary")
    binary = os.path.abspath(parser.parse_args().panah)
    with tempfile.TemporaryDirectory() as folder:
        panah(
            binary,
            folder,
            "user",
            "create",
            "--username",
            USERNAME,
            "--organization",
            "IOM-AF",
            "--role",
            "caseworker",
            "--password-stdin",
            input=PASSWORD + "\n",
            stdout=subprocess.DEVNULL,
        )
        server, base_url = start_server(binary, folder)
        try:
            roundtrip(base_url)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    print("generated client: signed in, registered a case and listed it")


if __name__ == "__main__":
    sys.exit(main())
