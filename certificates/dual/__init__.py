"""The dual side: the certificate eta and exact searches over its sign patterns."""
