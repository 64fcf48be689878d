"""Flask extensions, created here and bound to the app in create_app."""

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    """Declarative base shared by every model."""


# Objects stay readable after a commit: a route that writes and then renders would otherwise
# reload the user and the habit it already holds.
db = SQLAlchemy(model_class=Base, session_options={"expire_on_commit": False})
migrate = Migrate()
login_manager = LoginManager()
# Off, because its only effect here was harmful: "basic" protection writes `_fresh` into a
# visitor's session on the first page that asks who they are, so a background request sent
# before signing in (the service worker fetching /offline) answered with a cookie that
# overwrote the new login. Nothing here needs "fresh" logins (changing the password or
# deleting the account asks for the password), and a stolen cookie is voided by logging out
# (User.session_token), which basic protection never did.
login_manager.session_protection = None
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address)
