# Panah in English: the pages of the cooperation framework's other lines of work — legal
# proceedings, trainings and awareness activities. Every message here must also be in
# fa-AF and ps-AF.

nav-proceedings = Proceedings
nav-trainings = Trainings
nav-awareness = Awareness

## Laws (the seeded ones; a law added later goes by the title it was given)

law-lkht-2008 = Law on Combating Abduction and Human Trafficking (2008)
law-ctip-2017 = Law on Combating Trafficking in Persons and Smuggling of Migrants (2017)

## Legal proceedings

proceedings-title = Legal proceedings
proceedings-intro = The criminal cases that follow the people Panah assists: under which law, where, and how far they have come. No accused person is named, only how many were accused.
proceedings-listed = Proceedings
proceedings-none = No legal proceeding matches.
proceeding-title = Legal proceeding
proceeding-law = Law
proceeding-articles = Articles
proceeding-article = Article { $number }
proceeding-articles-of = Articles of the { $law }
proceeding-articles-hint = Tick the articles of the law chosen above that the charges name.
proceeding-stage = Stage
proceeding-outcome = Outcome
proceeding-no-outcome = No outcome
proceeding-outcome-hint = A verdict needs the court's outcome. Closing may record a dismissal, or an appeal's outcome.
proceeding-reported-on = Reported on
proceeding-province = Province
proceeding-accused-count = Number of accused
proceeding-accused-count-hint = How many people were accused, if known. Never their names.
proceeding-testified = Victim testified
proceeding-testified-yes = The victim testified
proceeding-legal-aid = Legal aid
proceeding-legal-aid-yes = The victim had legal aid
proceeding-opened-on = Opened on
proceeding-updated-on = Last changed
proceeding-case-file = Case file
proceeding-moves = Move to another stage
proceeding-no-moves = There is no stage you can move this proceeding to.
proceeding-comment = Comment
proceeding-history = History
proceeding-saved-opened = The proceeding is opened, at the stage “reported”.
proceeding-saved-moved = Done. The proceeding is now at the stage: { $stage }.
proceeding-changed-meanwhile = Someone moved this proceeding while you were reading it. Here is where it stands now.
proceeding-new-link = Open a legal proceeding
proceeding-new-title = Open a legal proceeding
proceeding-back-to-case = Back to the case file
proceeding-referral = Referral it follows
proceeding-no-referral = None
proceeding-referral-hint = The case's referral for investigation or prosecution: the office that received it will follow the proceeding too.
proceeding-open-button = Open the proceeding
case-file-proceedings = Legal proceedings
problem-article-of-another-law = This article is of another law than the one chosen: untick it, or choose its law.

## Trainings and awareness activities

activity-province = Province
activity-cost = Cost
activity-currency = Currency of the cost
activity-cost-heading = Cost
activity-budget-line = Budget line charged
activity-budget-line-hint = A line of a grant in the cost's currency, whose period holds the date.
activity-changed-meanwhile = Someone changed this record while you were editing it. Open it again to see the changes.

trainings-title = Trainings
trainings-intro = Capacity building for Ministry and partner staff: who took part, by organisation, women and men.
trainings-new = Record a training
trainings-none = No training is recorded yet.
trainings-back = All trainings
training-page-title = Training
training-title = Title
training-topic = Topic
training-dates = Dates
training-starts-on = First day
training-ends-on = Last day
training-organizer = Organised by
training-what = The training
training-participants = Participants
training-participants-hint = One row per organisation: how many women and men it sent. Empty rows are ignored.
training-participants-female = Women
training-participants-male = Men
training-participants-total = Total
training-participant-row = Row { $row }
training-participant-organization = Organisation
training-participant-female = Women
training-participant-male = Men
training-no-participants = No participants are recorded.
training-add-rows = Add rows
training-edit = Change this training
training-new-title = Record a training
training-new-button = Record the training
training-edit-title = Change the training “{ $title }”
training-edit-button = Save the changes
training-saved = The training is saved.

awareness-title = Awareness activities
awareness-intro = Awareness raising with the provincial offices: where, when, how, and how many people it reached.
awareness-new = Record an awareness activity
awareness-none = No awareness activity is recorded yet.
awareness-date = Date
awareness-channel = Channel
awareness-partner = Partner provincial office
awareness-partner-hint = The Ministry's office of the activity's province, if it took part.
awareness-reach = Estimated reach
awareness-description = What was done
awareness-edit = Change
awareness-new-title = Record an awareness activity
awareness-new-button = Record the activity
awareness-edit-title = Change the awareness activity
awareness-edit-button = Save the changes
awareness-saved = The awareness activity is saved.
problem-outcome-required = A verdict needs the court's outcome: choose it.
problem-outcome-not-allowed = This move records no such outcome: choose another, or none.
problem-listed-twice = This is already given above: give each only once.
