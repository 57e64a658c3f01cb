def exact_path(arrangement, labels, lam_min, lam_max, pieces):
    return None
