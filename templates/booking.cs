<?cs include:"header.cs" ?>
<section class="narrow">
  <h1><?cs var:Lang.booking.title ?> <?cs var:Booking.id ?></h1>
  <?cs if:Booking.notice ?><p class="notice" role="status"><?cs var:Booking.notice ?></p><?cs /if ?>
  <?cs if:Booking.foreign == 1 ?><p class="notice" role="status"><?cs var:Lang.shr.foreign_notice ?> <?cs var:Booking.org ?></p><?cs /if ?>
  <dl class="details">
    <?cs if:Booking.foreign == 1 ?><dt><?cs var:Lang.shr.org ?></dt><dd><?cs var:Booking.org ?></dd><?cs /if ?>
    <dt><?cs var:Lang.booking.vehicle ?></dt><dd><?cs var:Booking.vehicle ?><?cs if:Booking.vehicle_descr ?> (<?cs var:Booking.vehicle_descr ?>)<?cs /if ?></dd>
    <dt><?cs var:Lang.booking.start ?></dt><dd><?cs var:Booking.start ?></dd>
    <dt><?cs var:Lang.booking.end ?></dt><dd><?cs var:Booking.end ?></dd>
    <dt><?cs var:Lang.booking.member ?></dt><dd><?cs var:Booking.member ?><?cs if:Booking.member_descr ?> (<?cs var:Booking.member_descr ?>)<?cs /if ?></dd>
    <?cs if:Booking.foreign != 1 ?><dt><?cs var:Lang.booking.purpose ?></dt><dd><?cs var:Booking.purpose ?></dd><?cs /if ?>
    <dt><?cs var:Lang.booking.status ?></dt><dd><?cs var:Lang.status[Booking.status] ?></dd>
    <dt><?cs var:Lang.booking.changed_by ?></dt><dd><?cs var:Booking.creator ?>, <?cs var:Booking.created ?></dd>
  </dl>
  <?cs if:Booking.may_change == 1 ?>
  <div class="actions">
    <a class="btn primary" href="<?cs var:Base.calendar ?>/booking/<?cs var:Booking.id ?>/edit"><?cs var:Lang.booking.edit ?></a>
    <form method="post" action="<?cs var:Base.calendar ?>/booking/<?cs var:Booking.id ?>/delete" class="inline">
      <input type="hidden" name="csrf" value="<?cs var:User.csrf ?>">
      <button type="submit" class="danger" data-confirm="<?cs if:Booking.storno == 1 ?><?cs var:Lang.booking.confirm_storno ?><?cs else ?><?cs var:Lang.booking.confirm_delete ?><?cs /if ?>"><?cs var:Lang.booking.delete ?></button>
    </form>
  </div>
  <?cs if:Booking.storno == 1 ?><p class="hint"><?cs var:Lang.booking.storno_hint ?></p><?cs /if ?>
  <?cs /if ?>
  <?cs if:Booking.may_trip == 1 ?><p><a class="btn" href="<?cs var:Base.calendar ?>/booking/<?cs var:Booking.id ?>/trip"><?cs var:Lang.bil.trip.title ?></a></p><?cs /if ?>
  <p><a href="<?cs var:Base.calendar ?>"><?cs var:Lang.error.back ?></a></p>
</section>
<?cs include:"footer.cs" ?>
