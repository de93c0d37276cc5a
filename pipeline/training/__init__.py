"""Training data, apart from the runtime: Human3.6M, a simulated unseen detector, video caches of person
crops, synthetic humans."""
