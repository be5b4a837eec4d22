"""Local stand-ins for the external services (OSRM, BAN, Nominatim), served on 127.0.0.1."""
