// Placeholder: the seeded recovery study lands with the Attribution module.
print("attribution-recovery: not yet implemented")
