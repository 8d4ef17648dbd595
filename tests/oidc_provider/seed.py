"""Create (or update) the relying party's client and the test people in the provider's
database. Usage: python seed.py CLIENT_ID CLIENT_SECRET REDIRECT_URI [REDIRECT_URI ...]"""

import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "provider_settings")
django.setup()

from django.contrib.auth.models import User  # noqa: E402
from oauth2_provider.models import Application  # noqa: E402

PEOPLE = [
    # username (the personal id for real people), password, full name, email, phone
    ("012090001234", "mat-khau-1", "Lò Văn Minh", "minh@example.vn", "0912345678"),
    ("012190005678", "mat-khau-2", "Tẩn Thị Hoa", "hoa@example.vn", "0987654321"),
    ("bad-signature", "mat-khau-3", "Kẻ Giả Mạo", "", ""),
    ("expired", "mat-khau-4", "Hết Hạn", "", ""),
]


def main(client_id, secret, uris):
    for username, password, name, email, phone in PEOPLE:
        user, _ = User.objects.get_or_create(username=username)
        user.first_name, user.email, user.last_name = name, email, phone
        user.set_password(password)
        user.save()
    app = Application.objects.filter(client_id=client_id).first() or Application(
        client_id=client_id)
    app.name = "motcua"
    app.client_type = Application.CLIENT_CONFIDENTIAL
    app.authorization_grant_type = Application.GRANT_AUTHORIZATION_CODE
    app.algorithm = Application.RS256_ALGORITHM
    app.skip_authorization = True
    app.client_secret = secret
    app.hash_client_secret = True
    known = set(app.redirect_uris.split()) if app.pk else set()
    app.redirect_uris = " ".join(sorted(known | set(uris)))
    app.save()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
