"""Staff sign-in: password with lockout (django-axes), a second factor (django-otp),
session limits, and the log events of it all. The admin site uses these."""
