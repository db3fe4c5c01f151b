"""The UMKM business network (issue 15, beyond the guide): who sells what, who needs what.

Members list what they sell and the raw materials or services they need; the matching pairs local
suppliers with buyers inside a community and across the communities of a district, and says why
for each match.
"""
