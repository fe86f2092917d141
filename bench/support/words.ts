/** Words for seeded task text: common enough to search for, varied enough to be selective. */
export const WORDS = `passport invoice dentist garden groceries laundry report meeting budget taxes
insurance plumber birthday vacation flight hotel train review deploy release backup invoice
contract lawyer doctor pharmacy school homework piano guitar football tennis marathon yoga
painting kitchen bathroom roof window garage car tires oil battery bicycle helmet camera laptop
phone charger printer router server database migration schema backlog sprint retro planning
roadmap design mockup prototype research interview hiring onboarding payroll expense receipt
refund warranty repair cleaning vacuum dishes recycling compost seeds tomatoes basil roses
lawn fence paint ladder drill hammer screws shelves curtains lamp sofa carpet mattress pillow
blanket jacket shoes boots gloves scarf umbrella suitcase tickets museum concert theatre cinema
restaurant recipe pasta bread cheese coffee tea wine cake cookies dinner lunch breakfast picnic
beach mountain hiking camping tent fishing boat kayak swimming cycling running walking dog cat
vet grooming aquarium plants watering pruning harvest market bakery butcher florist postoffice
bank loan mortgage savings pension shares dividends accountant audit compliance security
password firewall antivirus update patch monitor alert incident postmortem oncall rotation
newsletter blog article podcast video editing subtitles translation grammar essay thesis exam`
  .split(/\s+/)
  .filter(Boolean);
