"""newsdesk: who said what, about whom, where, when — and according to whom."""
