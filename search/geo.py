"""Great-circle distance and bounding boxes (WGS-84 on a sphere; good to ~0.5 %)."""

from __future__ import annotations

import math

EARTH_RADIUS_KM = 6371.0088


def haversine_km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def distance_from(lat1: float, lng1: float):
    """``haversine_km`` from one point, as a function of the other (the same floats,
    with the first point's radians and cosine computed once): for many distances."""
    p1 = math.radians(lat1)
    cos_p1 = math.cos(p1)
    radians, sin, cos, asin, sqrt = math.radians, math.sin, math.cos, math.asin, math.sqrt

    def distance(lat2: float, lng2: float) -> float:
        p2 = radians(lat2)
        dp = p2 - p1
        dl = radians(lng2 - lng1)
        a = sin(dp / 2) ** 2 + cos_p1 * cos(p2) * sin(dl / 2) ** 2
        return 2 * EARTH_RADIUS_KM * asin(min(1.0, sqrt(a)))

    return distance


def bounding_box(lat: float, lng: float, radius_km: float) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lng, max_lng) enclosing the circle."""
    dlat = math.degrees(radius_km / EARTH_RADIUS_KM)
    coslat = math.cos(math.radians(lat))
    if coslat < 1e-6 or dlat >= 90:
        return (max(-90.0, lat - dlat), min(90.0, lat + dlat), -180.0, 180.0)
    dlng = math.degrees(radius_km / (EARTH_RADIUS_KM * coslat))
    if dlng >= 180:
        return (max(-90.0, lat - dlat), min(90.0, lat + dlat), -180.0, 180.0)
    return (max(-90.0, lat - dlat), min(90.0, lat + dlat), lng - dlng, lng + dlng)
